"""Mounted at /communities/<slug>/channels/ (terreau/urls.py)."""

from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("", views.ChannelListView.as_view(), name="list"),
    path("new/", views.ChannelCreateView.as_view(), name="create"),
    path("preferences/", views.PreferenceView.as_view(), name="preferences"),
    # Muted members (reported messages are in the moderation queue).
    path("reports/", views.ReportsView.as_view(), name="reports"),
    path("mute/<int:user_id>/", views.MuteView.as_view(), name="mute"),
    path("<int:channel_id>/", views.ChannelDetailView.as_view(), name="detail"),
    path("<int:channel_id>/settings/", views.ChannelUpdateView.as_view(), name="update"),
    path("<int:channel_id>/archive/", views.ChannelArchiveView.as_view(), name="archive"),
    path(
        "<int:channel_id>/messages/<int:message_id>/edit/",
        views.MessageEditView.as_view(),
        name="message_edit",
    ),
    path(
        "<int:channel_id>/messages/<int:message_id>/delete/",
        views.MessageDeleteView.as_view(),
        name="message_delete",
    ),
    path(
        "<int:channel_id>/messages/<int:message_id>/hide/",
        views.MessageHideView.as_view(),
        name="message_hide",
    ),
    # Former address of a message's report form: the community's one
    # moderation queue has the form now (301, 308 for a POST).
    path(
        "<int:channel_id>/messages/<int:message_id>/report/",
        views.MessageReportMovedView.as_view(),
        name="message_report",
    ),
]
