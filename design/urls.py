from django.urls import path

from . import views

app_name = "design"

urlpatterns = [
    path("", views.StyleGuideView.as_view(), name="styleguide"),
]
