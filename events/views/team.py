"""/events/<pk>/team/: the organiser and the pair add and remove co-organisers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import show_errors

from .. import selectors, services
from .base import EventMixin


class TeamView(EventMixin, View):
    permission_required = "events.manage_team"
    template_name = "events/event_team.html"

    def get(self, request, pk):
        event = self.get_event()
        return render(request, self.template_name, {
            "event": event, "team": selectors.team_of(event),
            "candidates": selectors.team_candidates(event),
        })

    def post(self, request, pk):
        event = self.get_event()
        raw = request.POST.get("person", "")
        person = (
            get_user_model().objects.filter(pk=int(raw)).first()
            if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
        )
        if person is None:
            messages.error(request, _("Choose a member."))
            return redirect("events:team", pk=event.pk)
        try:
            if request.POST.get("action") == "remove":
                services.co_organiser_remove(event=event, person=person, actor=request.user)
                messages.success(request, _("%(name)s is no longer on the team.")
                                 % {"name": person})
            else:
                services.co_organiser_add(event=event, person=person, actor=request.user)
                messages.success(request, _("%(name)s is on the team.") % {"name": person})
        except ValidationError as error:
            show_errors(request, error)
        return redirect("events:team", pk=event.pk)
