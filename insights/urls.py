from django.urls import include, path

from terreau.moved import moved

from . import views

app_name = "insights"

# /insights/…: the cultivator's overview.
overview_patterns = [
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("overview.csv", views.OverviewExportView.as_view(), name="overview_export"),
    path("overview/refresh/", views.OverviewRefreshView.as_view(), name="overview_refresh"),
]

# Mounted at the site's root (terreau/urls.py): a community's dashboard is in
# its space, /communities/<slug>/dashboard/, under the same namespace.
urlpatterns = [
    path("insights/", include(overview_patterns)),
    path("communities/<slug:slug>/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    # Former address (301).
    moved("insights/<slug:slug>/", "insights:dashboard"),
]
