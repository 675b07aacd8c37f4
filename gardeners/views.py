"""Gardening pages: "My gardens", pairs, communities, directions.

The dashboards and the cultivator's overview are the insights app's.

Views read through `selectors`, write through services, and ask permissions
by name. A service's ValidationError becomes an error message and the page is
shown again with nothing changed.
"""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from communities import services as community_services
from communities.models import Community, Direction
from communities.views.base import community_from_slug
from roles import selectors as pairs
from roles import services as pair_services

from . import selectors
from .forms import CommunityForm, DirectionForm, PairAppointForm


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class CommunityPageMixin(PermissionRequiredMixin):
    """A page about one community, found by slug; permissions ask about it."""

    @cached_property
    def community(self) -> Community:
        # The community space's one lookup (communities.views.base).
        return community_from_slug(self.kwargs["slug"])

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
        return redirect("insights:dashboard", slug=community.slug)


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
        return redirect("insights:dashboard", slug=self.community.slug)


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
                direction=self.direction, actor=self.request.user, **form.cleaned_data
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
        return pairs.active_pair(self.community)

    def get_initial(self):
        return PairAppointForm.initial_for(self.pair)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pair=self.pair, history=pairs.pair_history(community=self.community), **kwargs
        )

    def form_invalid(self, form):
        messages.error(self.request, _("The pair was not changed: correct the form below."))
        return super().form_invalid(form)

    def form_valid(self, form):
        try:
            pair_services.pair_appoint(
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
        return super().get_context_data(pair=pairs.active_pair(self.community), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            pair_services.pair_end(community=self.community, actor=request.user)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(
                request,
                _("The pair of %(community)s has ended: both roles are now vacant.")
                % {"community": self.community},
            )
        return redirect("gardeners:pair_appoint", slug=self.community.slug)
