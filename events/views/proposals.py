"""Members propose events; the pair accepts, asks for changes or declines."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.views.base import CommunityPermissionMixin
from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..models import EventProposal
from ..proposal_forms import DecisionForm, PollAnswerForm, ProposalForm


class ProposeView(CommunityPermissionMixin, View):
    """/communities/<slug>/events/propose/: an engaged member's proposal."""

    permission_required = "events.propose_event"
    template_name = "events/proposal_form.html"

    def handle_no_permission(self):
        # A signed-in person outside the engaged circle (an old link, a form
        # opened before they changed circle) is told why in their language,
        # rather than shown the generic refusal; nothing is recorded.
        if self.request.user.is_authenticated:
            return render(self.request, "events/proposal_refused.html", {
                "community": self.community,
                "reason": _("Only members of the engaged circle propose events to their "
                            "community."),
            }, status=403)
        return super().handle_no_permission()

    def get(self, request, slug):
        return render(request, self.template_name,
                      {"form": ProposalForm(), "community": self.community})

    def post(self, request, slug):
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                proposal = services.event_propose(
                    author=request.user, community=self.community, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your proposal is sent to the gardeners; you will "
                                            "be told of their decision."))
                return redirect(proposal)
        return render(request, self.template_name,
                      {"form": form, "community": self.community}, status=400)


class ProposalView(PermissionRequiredMixin, View):
    """/events/proposals/<pk>/: the author and the pair read it; the pair decides,
    the author sends it again when changes were asked."""

    permission_required = "events.view_proposal"
    template_name = "events/proposal_detail.html"

    def get_permission_object(self):
        if not hasattr(self, "_proposal"):
            self._proposal = selectors.proposal_for_page(self.kwargs["pk"])
            if self._proposal is None:
                raise Http404
        return self._proposal

    def _page(self, request, *, decision_form=None, form=None, answer_form=None, status=200):
        proposal = self.get_permission_object()
        user = request.user
        context = {"proposal": proposal, "community": proposal.community}
        options = list(proposal.date_options.all())
        if options:
            context["options"] = options
            if user.has_perm("events.view_poll_results", proposal):
                options = context["results"] = selectors.poll_results(proposal)
                context["answers"] = selectors.poll_answer_count(proposal)
            if user.has_perm("events.answer_date_poll", proposal):
                choice = selectors.poll_choice_of(user, proposal)
                context["my_choice"] = choice
                if choice is None:  # one answer per person: no form once answered
                    context["answer_form"] = answer_form or PollAnswerForm(
                        options=proposal.date_options.all())
                else:
                    context["my_dates"] = [o for o in proposal.date_options.all() if o.pk in choice]
        if proposal.status == EventProposal.Status.PENDING and user.has_perm(
            "events.decide_proposal", proposal
        ):
            context["decision_form"] = decision_form or DecisionForm(options=options)
        if proposal.status == EventProposal.Status.CHANGES_REQUESTED and user.has_perm(
            "events.change_proposal", proposal
        ):
            context["form"] = form or ProposalForm(proposal=proposal)
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self._page(request)

    def post(self, request, pk):
        proposal = self.get_permission_object()
        if request.POST.get("action") == "answer":
            return self._answer(request, proposal)
        if request.POST.get("action") == "resubmit":
            if not request.user.has_perm("events.change_proposal", proposal):
                raise PermissionDenied
            form = ProposalForm(request.POST)
            if form.is_valid():
                try:
                    services.event_proposal_resubmit(
                        proposal=proposal, author=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    add_form_errors(form, error)
                    show_errors(request, error)
                else:
                    messages.success(request, _("Your proposal is sent again to the gardeners."))
                    return redirect(proposal)
            return self._page(request, form=form, status=400)
        if not request.user.has_perm("events.decide_proposal", proposal):
            raise PermissionDenied
        form = DecisionForm(request.POST, options=selectors.poll_results(proposal))
        if form.is_valid():
            try:
                services.event_proposal_decide(
                    proposal=proposal, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
                show_errors(request, error)
            else:
                messages.success(request, _("Your decision is recorded; the author is told."))
                return redirect(proposal)
        self._proposal = selectors.proposal_for_page(pk)
        return self._page(request, decision_form=form, status=400)

    def _answer(self, request, proposal):
        """A member says which dates suit them. The service refuses, with its
        reason, a person outside the circle(s) asked or a poll already closed."""
        form = PollAnswerForm(request.POST, options=proposal.date_options.all())
        if form.is_valid():
            try:
                services.date_poll_answer(
                    proposal=proposal, person=request.user,
                    option_ids=form.cleaned_data["option_ids"],
                )
            except ValidationError as error:
                show_errors(request, error)
                return self._page(request, status=400)
            messages.success(request, _("Your answer is recorded."))
            return redirect(proposal)
        return self._page(request, answer_form=form, status=400)
