app_name = "directory"

urlpatterns = []
