from django.urls import include, path

from terreau.moved import moved

from .views import elected, organise, proposals, public, registration, team

app_name = "events"

# One community's events, in its space: /communities/<slug>/events/.
community_patterns = [
    path("", public.EventListView.as_view(), name="community"),
    path("feed.ics", public.feed_community, name="feed_community"),
    path("propose/", proposals.ProposeView.as_view(), name="propose"),
]

# /events/…
event_patterns = [
    # Everyone
    path("", public.EventListView.as_view(), name="list"),
    path("calendar/", public.CalendarView.as_view(), name="calendar"),
    path("calendar/<int:year>/<int:month>/", public.CalendarView.as_view(), name="calendar_month"),
    path("feed.ics", public.feed_all, name="feed"),
    path("feed/<str:token>.ics", public.feed_personal, name="feed_personal"),
    path("<int:pk>/", public.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/event.ics", public.EventIcsView.as_view(), name="ics"),
    # Registering
    path("<int:pk>/register/", registration.RegisterView.as_view(), name="register"),
    path("<int:pk>/unregister/", registration.UnregisterView.as_view(), name="unregister"),
    path("mine/", registration.MyRegistrationsView.as_view(), name="mine"),
    path("mine/feed/reset/", registration.CalendarTokenResetView.as_view(), name="feed_reset"),
    path("r/confirm/<str:token>/", registration.ConfirmView.as_view(), name="registration_confirm"),
    path("r/cancel/<str:token>/", registration.CancelLinkView.as_view(),
         name="registration_cancel"),
    path("r/<str:token>/", registration.RegistrationPageView.as_view(), name="registration"),
    path("r/<str:token>/event.ics", registration.RegistrationIcsView.as_view(),
         name="registration_ics"),
    path("r/<str:token>/informed/", registration.JoinInformedView.as_view(),
         name="join_informed"),
    # Organising
    path("new/", organise.EventCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", organise.EventUpdateView.as_view(), name="update"),
    path("<int:pk>/publish/", organise.EventPublishView.as_view(), name="publish"),
    path("<int:pk>/cancel/", organise.EventCancelView.as_view(), name="cancel"),
    path("<int:pk>/check-in/", organise.CheckInView.as_view(), name="checkin"),
    path("<int:pk>/registrants.csv", organise.ExportView.as_view(), name="export"),
    path("<int:pk>/message/", organise.MessageView.as_view(), name="message"),
    path("<int:pk>/report/", organise.ReportView.as_view(), name="report"),
    path("<int:pk>/team/", team.TeamView.as_view(), name="team"),
    path("<int:pk>/invite-elected/", elected.InviteElectedView.as_view(), name="invite_elected"),
    # Members' proposals
    path("proposals/<int:pk>/", proposals.ProposalView.as_view(), name="proposal"),
]

# Mounted at the site's root (terreau/urls.py): both prefixes share the
# "events" namespace, so `events:community` names the community's page.
urlpatterns = [
    path("events/", include(event_patterns)),
    path("communities/<slug:slug>/events/", include(community_patterns)),
    # Former addresses (301).
    moved("events/community/<slug:slug>/", "events:community"),
    moved("events/community/<slug:slug>/feed.ics", "events:feed_community"),
]
