"""Public pages: the list, a process with its rules of the game, proposals, supports, comments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors, show_errors

from .. import selectors, services
from ..forms import (
    CommentForm,
    ProposalForm,
)
from .base import ProcessMixin, ProposalMixin

# --- Public pages ------------------------------------------------------------------------


class ProcessListView(View):
    def get(self, request):
        user = request.user
        return render(request, "processes/process_list.html", {
            "processes": selectors.process_list(),
            "drafts": selectors.drafts_led_by(user) if user.is_authenticated else [],
        })


class ProcessDetailView(ProcessMixin, View):
    def get(self, request, slug):
        process = self.process
        category = request.GET.get("category", "")
        if category not in process.category_list():
            category = ""
        return render(request, "processes/process_detail.html", {
            "process": process,
            "phases": process.phases.all(),
            "counters": selectors.answer_counters(process),
            "proposals": selectors.proposals_of(process, viewer=request.user, category=category),
            "category": category,
            "commitments": selectors.commitments_of(process),
        })


class ProposalCreateView(ProcessMixin, View):
    permission_required = "processes.add_proposal"

    def _render(self, request, form, status=200):
        return render(request, "processes/proposal_form.html",
                      {"process": self.process, "form": form}, status=status)

    def get(self, request, slug):
        return self._render(request, ProposalForm(process=self.process))

    def post(self, request, slug):
        form = ProposalForm(request.POST, process=self.process)
        if form.is_valid():
            try:
                proposal = services.proposal_create(
                    process=self.process, author=request.user, title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    category=form.cleaned_data.get("category", ""))
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your proposal is published. You will be told "
                                            "what becomes of it."))
                return redirect(proposal.get_absolute_url())
        return self._render(request, form, status=400)


class ProposalDetailView(ProposalMixin, View):
    def get(self, request, slug, pk):
        return render(request, "processes/proposal_detail.html", {
            "process": self.process, "proposal": self.proposal,
            "answer": self.proposal.answer_or_none, "comment_form": CommentForm(),
            "owed": selectors.is_owed_answer(self.process, self.proposal),
        })


class SupportView(ProposalMixin, View):
    permission_required = "processes.support_proposal"

    def post(self, request, slug, pk):
        try:
            services.support_add(proposal=self.proposal, person=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("You support this proposal."))
        return redirect(request.POST.get("next") == "process" and self.process.get_absolute_url()
                        or self.proposal.get_absolute_url())


class CommentView(ProposalMixin, View):
    permission_required = "processes.comment_proposal"

    def post(self, request, slug, pk):
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_add(proposal=self.proposal, author=request.user,
                                     text=form.cleaned_data["text"])
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("Your comment is published."))
        return redirect(self.proposal.get_absolute_url())
