"""Mounted at /communities/<slug>/topics/ (terreau/urls.py)."""

from django.urls import path

from . import views

app_name = "topics"

urlpatterns = [
    path("propose/", views.ProposeView.as_view(), name="propose"),
    path("<int:pk>/", views.ProposalView.as_view(), name="proposal"),
]
