"""/communities/<slug>/topics/: members propose channels; the pair decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from communities.views.base import CommunityPermissionMixin
from terreau.views import add_form_errors, show_errors

from . import selectors, services
from .forms import TopicDecisionForm, TopicForm
from .models import TopicProposal


class ProposeView(CommunityPermissionMixin, View):
    permission_required = "topics.propose_topic"
    template_name = "topics/topic_form.html"

    def get(self, request, slug):
        return render(request, self.template_name,
                      {"form": TopicForm(), "community": self.community})

    def post(self, request, slug):
        form = TopicForm(request.POST)
        if form.is_valid():
            try:
                proposal = services.topic_propose(
                    author=request.user, community=self.community, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your topic is sent to the gardeners; you will be "
                                            "told of their decision."))
                return redirect(proposal)
        return render(request, self.template_name,
                      {"form": form, "community": self.community}, status=400)


class ProposalView(CommunityPermissionMixin, View):
    """The author and the pair read it; the pair opens or declines it."""

    permission_required = "topics.view_proposal"
    template_name = "topics/topic_detail.html"

    def get_permission_object(self):
        if not hasattr(self, "_proposal"):
            self._proposal = selectors.proposal_for_page(self.kwargs["pk"], self.community)
            if self._proposal is None:
                raise Http404
        return self._proposal

    def _page(self, request, *, form=None, status=200):
        proposal = self.get_permission_object()
        context = {"proposal": proposal, "community": self.community}
        if proposal.status == TopicProposal.Status.PENDING and request.user.has_perm(
            "topics.decide_proposal", proposal
        ):
            context["form"] = form or TopicDecisionForm()
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug, pk):
        return self._page(request)

    def post(self, request, slug, pk):
        proposal = self.get_permission_object()
        if not request.user.has_perm("topics.decide_proposal", proposal):
            raise PermissionDenied
        form = TopicDecisionForm(request.POST)
        if form.is_valid():
            try:
                services.topic_decide(proposal=proposal, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
                show_errors(request, error)
            else:
                messages.success(request, _("Your decision is recorded; the author is told."))
                return redirect(proposal)
        self._proposal = selectors.proposal_for_page(pk, self.community)
        return self._page(request, form=form, status=400)
