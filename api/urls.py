"""/api/: the versioned read-only API, its OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import exports, feeds, process_views, views
from .docs import ApiDocsView
from .throttling import THROTTLES

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("communities", views.CommunityViewSet, basename="community")
router.register("events", views.EventViewSet, basename="event")
router.register("processes", process_views.ProcessViewSet, basename="process")

process = "v1/processes/<slug:slug>/"

urlpatterns = [
    path("v1/", include(router.urls)),
    path(f"{process}phases/", process_views.PhaseList.as_view(), name="process-phases"),
    path(f"{process}proposals/", process_views.ProposalList.as_view(),
         name="process-proposals"),
    path(f"{process}answers/", process_views.AnswerList.as_view(), name="process-answers"),
    path(f"{process}commitments/", process_views.CommitmentList.as_view(),
         name="process-commitments"),
    path(f"{process}recommendations/", process_views.RecommendationList.as_view(),
         name="process-recommendations"),
    path(f"{process}referrals/", process_views.ReferralList.as_view(), name="process-referrals"),
    # Open data: one JSON document, one CSV per kind, and the feeds.
    path(f"{process}export.json", exports.ProcessExportJson.as_view(),
         name="process-export-json"),
    path(f"{process}proposals.csv", exports.ProposalsCsv.as_view(),
         name="process-export-proposals"),
    path(f"{process}answers.csv", exports.AnswersCsv.as_view(), name="process-export-answers"),
    path(f"{process}commitments.csv", exports.CommitmentsCsv.as_view(),
         name="process-export-commitments"),
    path(f"{process}recommendations.csv", exports.RecommendationsCsv.as_view(),
         name="process-export-recommendations"),
    path(f"{process}referrals.csv", exports.ReferralsCsv.as_view(),
         name="process-export-referrals"),
    path(f"{process}feed.rss", feeds.ProcessRssFeed(), name="process-feed-rss"),
    path(f"{process}feed.atom", feeds.ProcessAtomFeed(), name="process-feed-atom"),
    path("schema/", SpectacularAPIView.as_view(throttle_classes=THROTTLES), name="schema"),
    path("docs/", ApiDocsView.as_view(), name="docs"),
]
