"""Gardening pages: dashboards, the cultivator's overview, pairs, communities, directions.

Views read through `selectors`, write through services, and ask permissions
by name. A service's ValidationError becomes an error message and the page is
shown again with nothing changed.
"""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from communities import services as community_services
from communities.models import Community, Direction
from terreau.spreadsheets import safe_cell

from . import selectors, services
from .forms import CommunityForm, DirectionForm, PairAppointForm


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class CommunityPageMixin(PermissionRequiredMixin):
    """A page about one community, found by slug; permissions ask about it."""

    @cached_property
    def community(self) -> Community:
        return get_object_or_404(
            Community.objects.select_related("direction"), slug=self.kwargs["slug"]
        )

    def get_permission_object(self):
        return self.community

    def get_context_data(self, **kwargs):
        return super().get_context_data(community=self.community, **kwargs)


# --- Reading ------------------------------------------------------------------


class HomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "gardeners.access_gardening"
    template_name = "gardeners/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            communities=selectors.gardened_communities(user=self.request.user), **kwargs
        )


class DashboardView(CommunityPageMixin, TemplateView):
    permission_required = "communities.view_dashboard"
    template_name = "gardeners/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dashboard=selectors.community_dashboard(community=self.community), **kwargs
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
    template_name = "gardeners/overview.html"

    def get_context_data(self, **kwargs):
        raw_sort = self.request.GET.get("sort")
        sort, descending = selectors.parse_overview_sort(raw_sort)
        overview = selectors.communities_overview(sort=sort, descending=descending)
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
        return super().get_context_data(
            overview=overview,
            communities=overview.communities,
            columns=columns,
            sort_query=f"-{sort}" if descending else sort,
            **kwargs,
        )


def _overview_cells(community, keys: list[str]) -> list:
    cells = []
    for key in keys:
        value = getattr(community, selectors.OVERVIEW_SORTS[key])
        if isinstance(value, str):
            value = safe_cell(value)
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
        overview = selectors.communities_overview(sort=sort, descending=descending)
        keys = [key for key, _label in OVERVIEW_COLUMNS]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"terreau-communities-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(label) for _key, label in OVERVIEW_COLUMNS])
        for community in overview.communities:
            writer.writerow(_overview_cells(community, keys))
        return response


# --- Communities --------------------------------------------------------------


def _community_fields(form: CommunityForm) -> dict:
    data = form.cleaned_data
    fields = {
        "name": data["name"],
        "description": data["description"],
        "territory": data["territory"],
        "direction": data["direction"],
        "how_to_join": data["how_to_join"],
        "picture_alt": data["picture_alt"],
        "themes": data["themes"],
    }
    if data["picture"] is False:
        fields["picture"] = ""
        fields["picture_alt"] = ""
    elif data["picture"]:
        fields["picture"] = data["picture"]
    return fields


class CommunityCreateView(PermissionRequiredMixin, FormView):
    permission_required = "communities.add_community"
    template_name = "gardeners/community_form.html"
    form_class = CommunityForm

    def form_valid(self, form):
        try:
            community = community_services.community_create(**_community_fields(form))
        except ValidationError as error:
            _show_errors(self.request, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The community %(name)s was created.") % {"name": community}
        )
        return redirect("gardeners:dashboard", slug=community.slug)


class CommunityEditView(CommunityPageMixin, FormView):
    permission_required = "communities.change_community"
    template_name = "gardeners/community_form.html"
    form_class = CommunityForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "community": self.community}

    def get_initial(self):
        return CommunityForm.initial_for(self.community)

    def form_valid(self, form):
        try:
            community_services.community_update(
                community=self.community, **_community_fields(form)
            )
        except ValidationError as error:
            _show_errors(self.request, error)
            # The service set the refused values on our copy; show the stored ones.
            self.community.refresh_from_db()
            return self.form_invalid(form)
        messages.success(self.request, _("The community was updated."))
        return redirect("gardeners:dashboard", slug=self.community.slug)


# --- Directions ---------------------------------------------------------------


class DirectionListView(PermissionRequiredMixin, TemplateView):
    permission_required = "communities.manage_directions"
    template_name = "gardeners/directions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(directions=selectors.directions_overview(), **kwargs)


class DirectionFormView(PermissionRequiredMixin, FormView):
    """Create a direction, or edit the one named by the slug in the URL."""

    permission_required = "communities.manage_directions"
    template_name = "gardeners/direction_form.html"
    form_class = DirectionForm

    @cached_property
    def direction(self) -> Direction | None:
        if "slug" not in self.kwargs:
            return None
        return get_object_or_404(Direction, slug=self.kwargs["slug"])

    def get_initial(self):
        if self.direction is None:
            return {}
        return {
            "name": self.direction.name,
            "description": self.direction.description,
            "is_coordinating": self.direction.is_coordinating,
            "staff": list(self.direction.staff.all()),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(direction=self.direction, **kwargs)

    def form_valid(self, form):
        try:
            direction = community_services.direction_save(
                direction=self.direction, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(self.request, error)
            if self.direction is not None:
                self.direction.refresh_from_db()
            return self.form_invalid(form)
        messages.success(self.request, _("The direction %(name)s was saved.") % {"name": direction})
        return redirect("gardeners:directions")


# --- Pairs --------------------------------------------------------------------


class PairAppointView(CommunityPageMixin, FormView):
    permission_required = "gardeners.appoint_pair"
    template_name = "gardeners/pair.html"
    form_class = PairAppointForm

    @cached_property
    def pair(self):
        return selectors.active_pair(self.community)

    def get_initial(self):
        return PairAppointForm.initial_for(self.pair)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pair=self.pair, history=selectors.pair_history(community=self.community), **kwargs
        )

    def form_invalid(self, form):
        messages.error(self.request, _("The pair was not changed: correct the form below."))
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            services.pair_appoint(
                community=self.community, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _show_errors(self.request, error)
            return super().form_invalid(form)
        messages.success(
            self.request,
            _("The new pair now tends %(community)s.") % {"community": self.community},
        )
        return redirect("gardeners:pair_appoint", slug=self.community.slug)


class PairEndView(CommunityPageMixin, TemplateView):
    """Ask for confirmation (GET), then end the active pair (POST)."""

    permission_required = "gardeners.appoint_pair"
    template_name = "gardeners/pair_end.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pair=selectors.active_pair(self.community), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.pair_end(community=self.community, actor=request.user)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(
                request,
                _("The pair of %(community)s has ended: both roles are now vacant.")
                % {"community": self.community},
            )
        return redirect("gardeners:pair_appoint", slug=self.community.slug)
