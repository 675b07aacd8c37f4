from django.urls import path

from . import views

app_name = "needs_direction"

# Mounted at /me/direction/ (terreau/urls.py): the direction's agents' side.
urlpatterns = [
    path("relays/", views.DirectionRelaysView.as_view(), name="relays"),
]
