"""Mounted at /communities/<slug>/elsewhere/ (terreau/urls.py)."""

from django.urls import path

from . import views

app_name = "elsewhere"

urlpatterns = [
    path("", views.ManageView.as_view(), name="manage"),
    path("<int:pk>/remove/", views.RemoveView.as_view(), name="remove"),
]
