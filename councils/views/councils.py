"""Councils: the list, creating and editing one (a direction's agent), its page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Direction
from terreau.views import add_form_errors

from .. import selectors, services
from ..forms import (
    CouncilForm,
)
from .base import AgentMixin, CouncilMixin

# --- Councils: the list, creating and editing one, its page ---


class CouncilListView(View):
    def get(self, request):
        return render(request, "councils/council_list.html",
                      {"councils": selectors.council_list()})


class CouncilCreateView(PermissionRequiredMixin, View):
    """An agent creates a council for one of their directions."""

    permission_required = "councils.create_council"

    def _directions(self):
        return Direction.objects.filter(pk__in=[
            d.pk for d in Direction.objects.all()
            if self.request.user.has_perm("councils.create_council_in", d)
        ])

    def _render(self, request, form, status=200):
        return render(request, "councils/council_form.html", {"form": form}, status=status)

    def get(self, request):
        directions = self._directions()
        return self._render(request, CouncilForm(
            directions=directions, initial={"direction": directions.first()}))

    def post(self, request):
        form = CouncilForm(request.POST, directions=self._directions())
        if form.is_valid():
            try:
                council = services.council_create(
                    slug=form.cleaned_data["slug"] or slugify(form.cleaned_data["name"]),
                    direction=form.cleaned_data["direction"], **form.values())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The council is created. Residents can volunteer "
                                            "from its page."))
                return redirect(council.get_absolute_url())
        return self._render(request, form, status=400)


class CouncilEditView(AgentMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "councils/council_form.html",
                      {"form": form, "council": self.council}, status=status)

    def get(self, request, slug):
        return self._render(request, CouncilForm(council=self.council,
                                                 initial=CouncilForm.initial_of(self.council)))

    def post(self, request, slug):
        form = CouncilForm(request.POST, council=self.council)
        if form.is_valid():
            try:
                services.council_update(council=self.council, **form.values())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The council is saved."))
                return redirect("councils:detail", slug=self.council.slug)
        return self._render(request, form, status=400)


class CouncilDetailView(CouncilMixin, View):
    def get(self, request, slug):
        council = self.council
        colleges = [
            (college, [m for m in council.seated if m.college_id == college.pk])
            for college in council.colleges.all()
        ]
        now = timezone.now()
        upcoming, past = selectors.sessions_of(council, now)
        user = request.user
        channel = council.channel
        return render(request, "councils/council_detail.html", {
            "council": council, "colleges": colleges, "draws": council.all_draws,
            "upcoming": upcoming, "past": past, "now": now,
            "can_manage": user.has_perm("councils.manage_council", council),
            "can_read_minutes": user.has_perm("councils.read_minutes", council),
            "can_read_channel": channel is not None and user.is_authenticated
            and user.has_perm("discussions.view_channel", channel),
        })
