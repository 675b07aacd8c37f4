"""The dashboards: one community's (its gardeners, the cultivator, site staff)
and every community side by side, on the page and as CSV (the cultivator and
site staff). Views ask permissions by name and read through `selectors`.
"""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

import audit
from communities.views.base import community_from_slug
from moderation import selectors as moderation
from terreau.spreadsheets import csv_writer

from . import selectors, snapshots


class DashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = "communities.view_dashboard"
    template_name = "insights/dashboard.html"

    @cached_property
    def community(self):
        # The community space's one lookup (communities.views.base).
        return community_from_slug(self.kwargs["slug"])

    def get_permission_object(self):
        return self.community

    def get_context_data(self, **kwargs):
        # The moderation queue's link and its open count (one query), for
        # those who decide reports (docs/moderation.md).
        can_moderate = self.request.user.has_perm("moderation.view_queue", self.community)
        return super().get_context_data(
            community=self.community,
            dashboard=selectors.community_dashboard(
                community=self.community, viewer=self.request.user
            ),
            can_moderate=can_moderate,
            reports_open=moderation.open_count(community=self.community) if can_moderate else 0,
            **kwargs,
        )


# (sort key, heading). Every column sorts; the CSV has the same columns.
OVERVIEW_COLUMNS = [
    ("name", gettext_lazy("Community")),
    ("direction", gettext_lazy("Direction")),
    ("citizens", gettext_lazy("Citizens")),
    ("informed", gettext_lazy("Informed")),
    ("engaged", gettext_lazy("Engaged")),
    ("total", gettext_lazy("Total")),
    ("citizens_before", gettext_lazy("Citizens 12 months ago")),
    ("informed_before", gettext_lazy("Informed 12 months ago")),
    ("engaged_before", gettext_lazy("Engaged 12 months ago")),
    ("total_before", gettext_lazy("Total 12 months ago")),
    ("net_change", gettext_lazy("Net change")),
    ("joined", gettext_lazy("Joined")),
    ("moved_in", gettext_lazy("Moved inward")),
    ("moved_out", gettext_lazy("Moved outward")),
    ("left", gettext_lazy("Left")),
    ("needs_open", gettext_lazy("Needs open")),
    ("needs_answered", gettext_lazy("Needs answered")),
    ("upcoming_events", gettext_lazy("Next events")),
    ("fill_rate", gettext_lazy("Fill rate (%)")),
    ("upcoming_waiting", gettext_lazy("Waiting lists")),
    ("letters", gettext_lazy("Letters in preparation")),
    ("sections_waiting", gettext_lazy("Sections waiting for review")),
    ("messages", gettext_lazy("Messages in 30 days")),
    ("to_reengage", gettext_lazy("Members to re-engage")),
    ("pending", gettext_lazy("Pending requests")),
    ("territory", gettext_lazy("Territory gardener")),
    ("institution", gettext_lazy("Institution gardener")),
    ("vacancies", gettext_lazy("Vacancies")),
]


class OverviewView(PermissionRequiredMixin, TemplateView):
    permission_required = "communities.view_overview"
    template_name = "insights/overview.html"

    def get_context_data(self, **kwargs):
        raw_sort = self.request.GET.get("sort")
        sort, descending = selectors.parse_overview_sort(raw_sort)
        overview = snapshots.overview_read(sort=sort, descending=descending)
        columns = []
        for key, label in OVERVIEW_COLUMNS:
            current = key == sort
            columns.append(
                {
                    "key": key,
                    "label": label,
                    # A second click on the sorted column reverses it.
                    "query": f"-{key}" if current and not descending else key,
                    "aria_sort": (
                        ("descending" if descending else "ascending") if current else ""
                    ),
                }
            )
        can_appoint = self.request.user.has_perm("gardeners.appoint_pair")
        rows = snapshots.rows_rendered(
            overview, variant=(get_language(), sort, descending, can_appoint),
            render=lambda: render_to_string(
                "insights/_overview_rows.html",
                {"communities": overview.communities, "can_appoint": can_appoint}),
        )
        return super().get_context_data(
            overview=overview,
            communities=overview.communities,
            rows=rows,
            columns=columns,
            sort_query=f"-{sort}" if descending else sort,
            **kwargs,
        )


class OverviewRefreshView(PermissionRequiredMixin, View):
    """Read the figures again now (they are otherwise up to five minutes old)."""

    permission_required = "communities.view_overview"
    http_method_names = ["post"]

    def post(self, request):
        snapshots.overview_refresh()
        sort, descending = selectors.parse_overview_sort(request.POST.get("sort"))
        return redirect(f"{reverse('insights:overview')}?sort={'-' if descending else ''}{sort}")


def _overview_cells(community, keys: list[str]) -> list:
    cells = []
    for key in keys:
        value = getattr(community, selectors.OVERVIEW_SORTS[key])
        cells.append("" if value is None else value)
    return cells


class OverviewExportView(PermissionRequiredMixin, View):
    """The overview as CSV, in the order the page shows it.

    UTF-8 with a BOM and ";" between cells: what Excel set to French expects
    (the comma is the French decimal separator), and LibreOffice reads it too.
    """

    permission_required = "communities.view_overview"

    def get(self, request):
        sort, descending = selectors.parse_overview_sort(request.GET.get("sort"))
        overview = snapshots.overview_read(sort=sort, descending=descending)
        keys = [key for key, _label in OVERVIEW_COLUMNS]
        # The overview names every community's gardeners: a personal-data
        # export, recorded like the others (docs/audit.md).
        audit.record(
            audit.Action.OVERVIEW_EXPORTED, actor=request.user,
            details={"communities": len(overview.communities)},
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"terreau-communities-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")
        writer = csv_writer(response, delimiter=";")
        writer.writerow([str(label) for _key, label in OVERVIEW_COLUMNS])
        for community in overview.communities:
            writer.writerow(_overview_cells(community, keys))
        return response
