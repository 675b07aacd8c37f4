from django.urls import include, path

from terreau.moved import moved

from . import audit_views, coaching_views, views

app_name = "gardeners"

# /gardeners/…: fixed paths only. The dashboards moved to the insights app;
# their former addresses here answer 301 (insights/redirects.py, mounted
# after these).
gardening_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("audit/", audit_views.PlatformAuditLogView.as_view(), name="audit_log"),
    path("audit/export.csv", audit_views.AuditLogExportView.as_view(), name="audit_export"),
    path("communities/new/", views.CommunityCreateView.as_view(), name="community_create"),
    path("directions/", views.DirectionListView.as_view(), name="directions"),
    path("directions/new/", views.DirectionFormView.as_view(), name="direction_create"),
    path(
        "directions/<slug:slug>/edit/", views.DirectionFormView.as_view(), name="direction_edit"
    ),
    path("elected/", coaching_views.ElectedOfficialsView.as_view(), name="elected"),
    path(
        "elected/<int:user_id>/remove/",
        coaching_views.ElectedOfficialRemoveView.as_view(),
        name="elected_remove",
    ),
]

# One community's governance, in its space: /communities/<slug>/edit/, …/pair/.
community_patterns = [
    path("edit/", views.CommunityEditView.as_view(), name="community_edit"),
    path("pair/", views.PairAppointView.as_view(), name="pair_appoint"),
    path("pair/end/", views.PairEndView.as_view(), name="pair_end"),
    path("audit/", audit_views.CommunityAuditLogView.as_view(), name="community_audit_log"),
    # The coaching thread and the cultivator's invitation as a contributor (issue #16).
    path("coaching/", coaching_views.CoachingView.as_view(), name="coaching"),
    path(
        "coaching/<int:note_id>/attachment/",
        coaching_views.CoachingAttachmentView.as_view(),
        name="coaching_attachment",
    ),
    path("contributors/", coaching_views.ContributorsView.as_view(), name="contributors"),
    path(
        "contributors/<int:invitation_id>/revoke/",
        coaching_views.ContributorRevokeView.as_view(),
        name="contributor_revoke",
    ),
]

# Mounted at the site's root (terreau/urls.py): both prefixes share the
# "gardeners" namespace.
urlpatterns = [
    path("gardeners/", include(gardening_patterns)),
    path("communities/<slug:slug>/", include(community_patterns)),
    # Former addresses (301).
    moved("gardeners/<slug:slug>/edit/", "gardeners:community_edit"),
    moved("gardeners/<slug:slug>/pair/", "gardeners:pair_appoint"),
    moved("gardeners/<slug:slug>/pair/end/", "gardeners:pair_end"),
]
