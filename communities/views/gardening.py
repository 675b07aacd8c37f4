"""Gardeners' pages: the members, one member, the circle requests.

Seeing needs "communities.view_members" (the pair, the cultivator, staff);
acting needs "communities.manage_members" (the pair, staff).
"""

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors, services
from ..forms import ApproveForm, DeclineForm, MoveForm, RemoveForm
from ..models import Circle, CircleChange, Membership
from .base import CommunityMixin, GardenerActionView

MEMBERS_PER_PAGE = 50


class MemberListView(CommunityMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "communities.view_members"
    template_name = "communities/members.html"

    def get_context_data(self, **kwargs):
        circle = _circle_or_none(self.request.GET.get("circle"))
        query = self.request.GET.get("q", "")
        members = selectors.member_list(community=self.community, circle=circle, query=query)
        page = Paginator(members, MEMBERS_PER_PAGE).get_page(self.request.GET.get("page"))
        counts = selectors.circle_counts(self.community)
        return super().get_context_data(
            page_obj=page,
            members=page.object_list,
            counts=[(Circle(c), n) for c, n in counts.items()],
            total=sum(counts.values()),
            circle=circle,
            circles=list(Circle),
            q=query,
            **kwargs,
        )


def _circle_or_none(value) -> int | None:
    try:
        return Circle(int(value))
    except (TypeError, ValueError):
        return None


class MemberDetailView(CommunityMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "communities.view_members"
    template_name = "communities/member.html"

    def get_context_data(self, **kwargs):
        person = get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])
        membership = Membership.objects.filter(community=self.community, user=person).first()
        history = list(selectors.member_history(community=self.community, user=person))
        requests = list(selectors.member_requests(community=self.community, user=person))
        # Someone who never had anything to do with this community is not
        # the gardeners' business: as if the id did not exist.
        if membership is None and not history and not requests:
            raise Http404
        current = membership.circle if membership else None
        return super().get_context_data(
            person=person,
            membership=membership,
            history=history,
            requests=requests,
            move_form=MoveForm(current_circle=current, auto_id="move-%s"),
            remove_form=RemoveForm(auto_id="remove-%s"),
            **kwargs,
        )


class _MemberActionBase(GardenerActionView):
    def get_person(self):
        return get_object_or_404(get_user_model(), pk=self.kwargs["user_id"])

    def get_success_url(self) -> str:
        return reverse(
            "communities:member",
            kwargs={"slug": self.community.slug, "user_id": self.kwargs["user_id"]},
        )

    def get_failure_url(self) -> str:
        # The member page of someone who never belonged here is a 404, which
        # would hide the message: back to the list then.
        if CircleChange.objects.filter(
            community=self.community, user_id=self.kwargs["user_id"]
        ).exists():
            return self.get_success_url()
        return reverse("communities:members", kwargs={"slug": self.community.slug})


class MemberMoveView(_MemberActionBase):
    form_class = MoveForm

    def perform(self, form):
        person = self.get_person()
        membership = services.membership_move(
            community=self.community,
            user=person,
            actor=self.request.user,
            to_circle=form.cleaned_data["circle"],
            reason=form.cleaned_data["reason"],
        )
        return _("%(person)s is now in the %(circle)s circle.") % {
            "person": person,
            "circle": membership.get_circle_display(),
        }


class MemberRemoveView(_MemberActionBase):
    form_class = RemoveForm

    def perform(self, form):
        person = self.get_person()
        services.membership_remove(
            community=self.community,
            user=person,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _("%(person)s was removed from %(community)s.") % {
            "person": person,
            "community": self.community,
        }


class RequestListView(CommunityMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "communities.view_members"
    template_name = "communities/requests.html"

    def get_context_data(self, **kwargs):
        pending = list(selectors.pending_requests(self.community))
        for request in pending:
            request.approve_form = ApproveForm(auto_id=f"approve-{request.pk}-%s")
            request.decline_form = DeclineForm(auto_id=f"decline-{request.pk}-%s")
            request.current_circle_label = (
                Circle(request.current_circle).label if request.current_circle else None
            )
        return super().get_context_data(
            pending=pending, decided=selectors.decided_requests(self.community), **kwargs
        )


class _RequestDecisionBase(GardenerActionView):
    def get_success_url(self) -> str:
        return reverse("communities:requests", kwargs={"slug": self.community.slug})


class ApproveRequestView(_RequestDecisionBase):
    form_class = ApproveForm

    def perform(self, form):
        request = services.circle_request_approve(
            community=self.community,
            request_id=self.kwargs["request_id"],
            actor=self.request.user,
            answer=form.cleaned_data["answer"],
        )
        return _("Request approved: %(person)s is now in the %(circle)s circle.") % {
            "person": request.user,
            "circle": request.get_circle_display(),
        }


class DeclineRequestView(_RequestDecisionBase):
    form_class = DeclineForm

    def perform(self, form):
        request = services.circle_request_decline(
            community=self.community,
            request_id=self.kwargs["request_id"],
            actor=self.request.user,
            answer=form.cleaned_data["answer"],
        )
        return _("Request declined. %(person)s will read your answer.") % {
            "person": request.user
        }
