from django.urls import path

from . import views

app_name = "directory"

# Mounted at /communities/<slug>/directory/ (terreau/urls.py).
urlpatterns = [
    path("", views.DirectoryView.as_view(), name="list"),
    path("map/", views.MapView.as_view(), name="map"),
    path("me/", views.MyEntryView.as_view(), name="mine"),
    path("me/location/remove/", views.RemoveLocationView.as_view(), name="remove_location"),
    path("me/remove/", views.RemoveEntryView.as_view(), name="remove"),
]
