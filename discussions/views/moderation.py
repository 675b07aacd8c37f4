"""Mutes (reported messages are in the moderation queue: moderation/)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from communities.views.base import CommunityPermissionMixin

from .. import selectors, services
from ..forms import MuteForm
from ._common import (
    _errors,
)


class MuteView(CommunityPermissionMixin, View):
    permission_required = "discussions.mute_member"

    @property
    def member(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])

    def render_form(self, form, member):
        return render(
            self.request,
            "discussions/mute_form.html",
            {
                "community": self.community,
                "member": member,
                "form": form,
                "mute": services.active_mute(community=self.community, user=member),
            },
        )

    def get(self, request, slug, user_id):
        return self.render_form(MuteForm(), self.member)

    def post(self, request, slug, user_id):
        member = self.member
        if request.POST.get("action") == "unmute":
            try:
                services.member_unmute(community=self.community, user=member,
                                       actor=request.user)
            except ValidationError as error:  # not muted (any more)
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("%(person)s can write again.") % {"person": member})
            return redirect("discussions:reports", slug=self.community.slug)
        form = MuteForm(request.POST)
        if form.is_valid():
            try:
                services.member_mute(
                    community=self.community,
                    user=member,
                    actor=request.user,
                    duration=form.cleaned_data["duration"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("%(person)s is muted.") % {"person": member})
                return redirect("discussions:reports", slug=self.community.slug)
        return self.render_form(form, member)


class ReportsView(CommunityPermissionMixin, View):
    """The community's muted members, with a link to its moderation queue,
    where reported messages wait with every other reported item."""

    permission_required = "discussions.view_reports"

    def get(self, request, slug):
        return render(
            request,
            "discussions/reports.html",
            {
                "community": self.community,
                "mutes": selectors.active_mutes(community=self.community),
            },
        )
