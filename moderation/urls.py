from django.urls import path

from . import views

app_name = "moderation"

# Mounted at /communities/<slug>/moderation/ (terreau/urls.py).
urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("<int:case_id>/decide/", views.DecideView.as_view(), name="decide"),
    path("report/<slug:kind>/<int:object_id>/", views.ReportView.as_view(), name="report"),
]
