from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.page, name="page"),
    path("my-data.zip", views.export_download, name="export"),
    path("delete-my-account/", views.deletion, name="deletion"),
    path("delete-my-account/cancel/", views.deletion_cancel, name="deletion_cancel"),
]
