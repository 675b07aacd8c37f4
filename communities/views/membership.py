"""The member's own actions: join, leave, ask to move inward, withdraw.

They only require being signed in: whether they apply (already a member?
not yours?) is a domain rule that the service explains in words, which is
kinder after a double click or a stale page than a bare 403.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import selectors, services, waiting
from ..forms import CircleRequestForm, LeaveForm
from .base import MemberActionView


class JoinView(MemberActionView):
    def perform(self, form):
        services.membership_join(community=self.community, user=self.request.user)
        return _("You joined %(community)s. You are in the citizens circle.") % {
            "community": self.community
        }


class LeaveView(MemberActionView):
    """GET asks for confirmation; POST leaves."""

    http_method_names = ["get", "post"]
    form_class = LeaveForm

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("communities.leave_community", self.community):
            messages.error(
                request,
                _("You are not a member of %(community)s.") % {"community": self.community},
            )
            return redirect(self.community.get_absolute_url())
        return render(
            request,
            "communities/leave_confirm.html",
            {"community": self.community, "form": LeaveForm()},
        )

    def perform(self, form):
        services.membership_leave(
            community=self.community, user=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _(
            "You left %(community)s. Your history there stays visible in My communities."
        ) % {"community": self.community}


class RequestCircleView(MemberActionView):
    form_class = CircleRequestForm

    def perform(self, form):
        request = services.circle_request_create(
            community=self.community,
            user=self.request.user,
            circle=form.cleaned_data["circle"],
            message=form.cleaned_data["message"],
        )
        return _(
            "Your request to join the %(circle)s circle was sent to the gardeners. "
            "Their answer will appear in My communities."
        ) % {"circle": request.get_circle_display()}


class WithdrawRequestView(MemberActionView):
    def perform(self, form):
        services.circle_request_withdraw(
            community=self.community, request_id=self.kwargs["request_id"], user=self.request.user
        )
        return _("You withdrew your request.")


class FollowView(MemberActionView):
    def perform(self, form):
        services.community_follow(community=self.community, user=self.request.user)
        return _(
            "You follow %(community)s. You will hear of its events open to everyone."
        ) % {"community": self.community}


class UnfollowView(MemberActionView):
    def perform(self, form):
        services.community_unfollow(community=self.community, user=self.request.user)
        return _("You no longer follow %(community)s.") % {"community": self.community}


class MineView(LoginRequiredMixin, TemplateView):
    template_name = "communities/mine.html"

    def get_context_data(self, **kwargs):
        current, past = selectors.my_communities(self.request.user)
        return super().get_context_data(
            current=current, past=past, waiting=waiting.waiting_for(self.request.user), **kwargs
        )
