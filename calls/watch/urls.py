"""Mounted at /calls/watch/ (calls/urls.py), in the calls namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.WatchListView.as_view(), name="watch"),
    path("new/", views.WatchPostView.as_view(), name="watch_post"),
    path("<int:pk>/", views.WatchDetailView.as_view(), name="watch_detail"),
    path("<int:pk>/edit/", views.WatchEditView.as_view(), name="watch_edit"),
    path("<int:pk>/withdraw/", views.WatchWithdrawView.as_view(), name="watch_withdraw"),
]
