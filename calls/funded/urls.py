"""Mounted at /calls/ (calls/urls.py), in the calls namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("funded/", views.FundedListView.as_view(), name="funded"),
    path("applications/<int:pk>/links/", views.LinkView.as_view(), name="project_links"),
]
