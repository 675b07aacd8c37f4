from django.urls import path

from . import views

app_name = "gardeners"

# Fixed paths first: a community's slug could otherwise be "overview".
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("overview.csv", views.OverviewExportView.as_view(), name="overview_export"),
    path("communities/new/", views.CommunityCreateView.as_view(), name="community_create"),
    path("directions/", views.DirectionListView.as_view(), name="directions"),
    path("directions/new/", views.DirectionFormView.as_view(), name="direction_create"),
    path(
        "directions/<slug:slug>/edit/", views.DirectionFormView.as_view(), name="direction_edit"
    ),
    path("<slug:slug>/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/edit/", views.CommunityEditView.as_view(), name="community_edit"),
    path("<slug:slug>/pair/", views.PairAppointView.as_view(), name="pair_appoint"),
    path("<slug:slug>/pair/end/", views.PairEndView.as_view(), name="pair_end"),
]
