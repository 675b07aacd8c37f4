"""Thin views: check a permission, validate a form, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from communities.views.base import CommunityPermissionMixin
from terreau import maps

from . import selectors, services
from .forms import EntryForm, FilterForm

PAGE_SIZE = 20


class CommunityMixin(CommunityPermissionMixin):
    """The community of the URL (404 if none) is the rules' object.

    Anonymous people are sent to log in; signed-in people without the
    permission get a 403 page that says who may see the directory and how
    to join.
    """

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return super().handle_no_permission()
        return render(
            self.request,
            "directory/members_only.html",
            {"community": self.get_community(), "listing": self.permission_required == "directory.list_self"},
            status=403,
        )


class DirectoryView(CommunityMixin, TemplateView):
    """The list: the primary view, no JavaScript and no tile server needed."""

    permission_required = "directory.view_directory"
    template_name = "directory/list.html"

    def filter_context(self, community):
        filters = FilterForm(
            self.request.GET or None,
            territories=selectors.territories(community),
            skills=selectors.used_skills(community),
            interests=selectors.used_interests(community),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return filters, filters.filters(), query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        community = self.get_community()
        form, filters, query = self.filter_context(community)
        entries = selectors.entries(community=community, filters=filters)
        page = Paginator(selectors.with_tags(entries), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        context.update(
            community=community,
            filters=form,
            filtered=any(vars(filters).values()),
            page=page,
            entries=page.object_list,
            query=query,
            own_entry=selectors.entry_of(self.request.user, community),
        )
        return context


class MapView(DirectoryView):
    """The same people on a map; the list stays the text alternative."""

    template_name = "directory/map.html"

    def get_context_data(self, **kwargs):
        context = TemplateView.get_context_data(self, **kwargs)
        community = self.get_community()
        form, filters, query = self.filter_context(community)
        markers = selectors.markers(selectors.entries(community=community, filters=filters))
        # Organisations linked to the community, with a place (organisations'
        # hook): on the same map, listed apart.
        organisations = maps.extra_markers("directory", community, **vars(filters))
        context.update(
            community=community,
            filters=form,
            filtered=any(vars(filters).values()),
            query=query,
            markers=markers,
            organisation_markers=organisations,
            map_config=map_config(markers + organisations),
        )
        return context


def map_config(markers: list[dict], *, pick: bool = False) -> dict:
    """The directory's map: people named, their organisation and territory in
    the popup, a picked place rounded to three decimals (about 100 m, as the
    server rounds it)."""
    return maps.map_config(markers, label="name", details=("organisation", "territory"),
                           pick=pick, pick_decimals=3, fit_zoom=14)


class MyEntryView(CommunityMixin, View):
    """Opt in, change what one's entry shows, or see how to leave it."""

    permission_required = "directory.list_self"
    template_name = "directory/my_entry.html"

    def render_form(self, form, entry, status=200):
        community = self.get_community()
        marker = []
        if entry is not None and entry.has_location:
            marker = [{"name": str(entry.user), "organisation": entry.user.organisation,
                       "territory": entry.territory,
                       "lat": float(entry.latitude), "lng": float(entry.longitude)}]
        return render(
            self.request,
            self.template_name,
            {
                "community": community,
                "form": form,
                "entry": entry,
                "territories": selectors.territories(community),
                "map_config": map_config(marker, pick=True),
            },
            status=status,
        )

    def get(self, request, slug):
        entry = selectors.entry_of(request.user, self.get_community())
        initial = {}
        if entry is not None:
            initial = {
                "territory": entry.territory,
                "show_email": entry.show_email,
                "latitude": entry.latitude if entry.latitude is not None else "",
                "longitude": entry.longitude if entry.longitude is not None else "",
            }
        return self.render_form(EntryForm(initial=initial), entry)

    def post(self, request, slug):
        community = self.get_community()
        entry = selectors.entry_of(request.user, community)
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.entry_save(community=community, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your entry in the directory is saved.") if entry
                    else _("You are now listed in the directory of %(community)s.")
                    % {"community": community},
                )
                return redirect("directory:list", slug=community.slug)
        return self.render_form(form, entry, status=400)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)


class RemoveLocationView(CommunityMixin, View):
    permission_required = "directory.list_self"
    http_method_names = ["post"]

    def post(self, request, slug):
        community = self.get_community()
        if services.entry_remove_location(community=community, user=request.user):
            messages.success(request, _("Your location is removed: you are no longer on the map."))
        else:
            messages.info(request, _("You had not shared a location; nothing changed."))
        return redirect("directory:mine", slug=community.slug)


class RemoveEntryView(CommunityMixin, View):
    permission_required = "directory.list_self"
    http_method_names = ["post"]

    def post(self, request, slug):
        community = self.get_community()
        if services.entry_remove(community=community, user=request.user):
            messages.success(
                request,
                _("You are no longer listed in the directory of %(community)s.")
                % {"community": community},
            )
        else:
            messages.info(request, _("You were not listed in this directory; nothing changed."))
        return redirect(community.get_absolute_url())
