"""/api/: the versioned read-only API, its OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views
from .docs import ApiDocsView

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("communities", views.CommunityViewSet, basename="community")
router.register("events", views.EventViewSet, basename="event")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
