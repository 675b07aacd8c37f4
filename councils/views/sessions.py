"""Sessions (events of the events app) and the council's channel and community:
the council's agent schedules, records minutes, opens the channel, invites."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..forms import ChannelForm, MinutesForm, SessionForm
from ..models import Session
from .base import AgentMixin


class SessionScheduleView(AgentMixin, View):
    permission_required = "councils.schedule_session"

    def _render(self, request, form, status=200):
        return render(request, "councils/session_form.html",
                      {"council": self.council, "form": form}, status=status)

    def get(self, request, slug):
        return self._render(request, SessionForm())

    def post(self, request, slug):
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services.session_schedule(council=self.council, organiser=request.user,
                                          **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The session is published; the council's members "
                                            "with an account are invited."))
                return redirect(self.council.get_absolute_url())
        return self._render(request, form, status=400)


class SessionMinutesView(AgentMixin, View):
    permission_required = "councils.schedule_session"

    def session(self) -> Session:
        return get_object_or_404(Session.objects.select_related("event"),
                                 council=self.council, pk=self.kwargs["pk"])

    def _render(self, request, session, form, status=200):
        return render(request, "councils/minutes_form.html",
                      {"council": self.council, "session": session, "form": form},
                      status=status)

    def get(self, request, slug, pk):
        session = self.session()
        return self._render(request, session, MinutesForm(
            initial={"minutes": session.minutes, "public": session.minutes_public}))

    def post(self, request, slug, pk):
        session = self.session()
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                services.session_minutes(session=session, minutes=form.cleaned_data["minutes"],
                                         public=form.cleaned_data["public"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The minutes are recorded."))
                return redirect(self.council.get_absolute_url())
        return self._render(request, session, form, status=400)


class ChannelView(AgentMixin, View):
    """The council's community and channel: open it, invite the members."""

    def _render(self, request, form, status=200):
        council = self.council
        members = list(selectors.active_members(council))
        accounts = list(selectors.member_accounts(council))
        return render(request, "councils/channel.html", {
            "council": council, "form": form, "members": members, "accounts": accounts,
            "without_account": max(0, len(members) - len(accounts)),
            # The link only for those the channel's rule lets in (the
            # cultivator manages the council, yet may not read the channel).
            "can_read_channel": council.channel is not None
            and request.user.has_perm("discussions.view_channel", council.channel),
        }, status=status)

    def get(self, request, slug):
        return self._render(request, ChannelForm(user=request.user))

    def post(self, request, slug):
        form = ChannelForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.channel_open(council=self.council, community=form.cleaned_data["community"],
                                      actor=request.user)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The council's channel is open. Invite its members "
                                            "into the community to let them read it."))
                return redirect("councils:channel", slug=self.council.slug)
        return self._render(request, form, status=400)


class InviteView(AgentMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        try:
            invited, inside = services.members_invite(council=self.council, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("%(invited)d members invited; %(inside)d already in the "
                                        "community.") % {"invited": invited, "inside": inside})
        return redirect("councils:channel", slug=self.council.slug)
