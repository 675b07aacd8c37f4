"""The leads' pages: the mandate and phases, publishing, answers, hiding, commitments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.views import add_form_errors, show_errors

from .. import opinion_selectors, selectors, services
from ..forms import (
    AnswerForm,
    CommitmentForm,
    HideForm,
    PhaseFormSet,
    ProcessForm,
)
from ..models import Commitment, Process
from .base import LeadMixin, ProposalMixin, _directions_for

# --- The leads' pages ----------------------------------------------------------------------


class ProcessCreateView(PermissionRequiredMixin, View):
    permission_required = "processes.add_process"

    def _render(self, request, form, status=200):
        return render(request, "processes/process_form.html", {"form": form}, status=status)

    def get(self, request):
        return self._render(request, ProcessForm(directions=_directions_for(request.user)))

    def post(self, request):
        form = ProcessForm(request.POST, directions=_directions_for(request.user))
        if form.is_valid():
            values = dict(form.cleaned_data)
            direction = values.pop("direction")
            try:
                process = services.process_create(actor=request.user, direction=direction,
                                                  **values)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The process is saved as a draft. Give it its "
                                            "phases, then publish it."))
                return redirect("processes:phases", slug=process.slug)
        return self._render(request, form, status=400)


class ProcessEditView(LeadMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "processes/process_form.html",
                      {"form": form, "process": self.process}, status=status)

    def get(self, request, slug):
        return self._render(request, ProcessForm(instance=self.process))

    def post(self, request, slug):
        form = ProcessForm(request.POST, instance=Process.objects.get(pk=self.process.pk))
        if form.is_valid():
            try:
                services.process_update(process=self.process, actor=request.user,
                                        **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The process is saved."))
                return redirect(self.process.get_absolute_url())
        return self._render(request, form, status=400)


class PhasesView(LeadMixin, View):
    def _render(self, request, formset, status=200):
        return render(request, "processes/phases_form.html",
                      {"process": self.process, "formset": formset}, status=status)

    def get(self, request, slug):
        initial = [{"kind": p.kind, "starts_at": p.starts_at, "ends_at": p.ends_at,
                    "text": p.text} for p in self.process.phases.all()]
        return self._render(request, PhaseFormSet(initial=initial))

    def post(self, request, slug):
        formset = PhaseFormSet(request.POST)
        if formset.is_valid():
            phases = [
                services.PhaseInput(f.cleaned_data.get("kind") or "", f.cleaned_data.get("starts_at"),
                                    f.cleaned_data.get("ends_at"), f.cleaned_data.get("text") or "")
                for f in formset.forms if not f.is_blank()
            ]
            try:
                services.phases_set(process=self.process, actor=request.user, phases=phases)
            except ValidationError as error:
                for message in error.messages:
                    formset._non_form_errors = formset.error_class(
                        [*formset.non_form_errors(), message])
            else:
                messages.success(request, _("The phases are saved."))
                return redirect(self.process.get_absolute_url())
        return self._render(request, formset, status=400)


class PublishView(LeadMixin, View):
    def post(self, request, slug):
        try:
            services.process_publish(process=self.process, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The process is published: everyone can read it."))
        return redirect(self.process.get_absolute_url())


class AnswersView(LeadMixin, View):
    def get(self, request, slug):
        return render(request, "processes/answers.html", {
            "process": self.process, "proposals": selectors.proposals_to_answer(self.process),
            "counters": selectors.answer_counters(self.process),
            # The published citizen opinion's recommendations are answered too.
            "recommendations": opinion_selectors.recommendations_to_answer(self.process),
        })


class AnswerView(ProposalMixin, View):
    permission_required = "processes.manage_process"

    def get_permission_object(self):
        return self.process

    def _render(self, request, form, status=200):
        return render(request, "processes/answer_form.html", {
            "process": self.process, "proposal": self.proposal, "form": form,
        }, status=status)

    def get(self, request, slug, pk):
        answer = self.proposal.answer_or_none
        initial = {"status": answer.status, "reason": answer.reason} if answer else {}
        return self._render(request, AnswerForm(initial=initial))

    def post(self, request, slug, pk):
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_record(proposal=self.proposal, actor=request.user,
                                       status=form.cleaned_data["status"],
                                       reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The answer is recorded; the contributors are told."))
                return redirect("processes:answers", slug=self.process.slug)
        return self._render(request, form, status=400)


class HideView(ProposalMixin, View):
    permission_required = "processes.manage_process"

    def get_permission_object(self):
        return self.process

    def _render(self, request, form, status=200):
        return render(request, "processes/hide_form.html", {
            "process": self.process, "proposal": self.proposal, "form": form,
        }, status=status)

    def get(self, request, slug, pk):
        if self.proposal.is_hidden:
            raise Http404
        return self._render(request, HideForm())

    def post(self, request, slug, pk):
        form = HideForm(request.POST)
        if form.is_valid():
            try:
                services.proposal_hide(proposal=self.proposal, actor=request.user,
                                       reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The proposal is hidden; its author is told why."))
                return redirect(self.process.get_absolute_url())
        return self._render(request, form, status=400)


class RestoreView(ProposalMixin, View):
    """Show a hidden proposal again (POST); audited like the hiding."""

    permission_required = "processes.manage_process"

    def get_permission_object(self):
        return self.process

    def post(self, request, slug, pk):
        try:
            services.proposal_restore(proposal=self.proposal, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The proposal is shown again."))
        return redirect(self.proposal.get_absolute_url())


class CommitmentView(LeadMixin, View):
    """A new commitment (no pk) or one of the process's (pk)."""

    def commitment(self) -> Commitment | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Commitment, process=self.process, pk=self.kwargs["pk"])

    def _render(self, request, form, status=200):
        return render(request, "processes/commitment_form.html", {
            "process": self.process, "form": form, "commitment": self.commitment(),
        }, status=status)

    def get(self, request, slug, pk=None):
        commitment = self.commitment()
        initial = {}
        if commitment is not None:
            initial = {name: getattr(commitment, name) for name in
                       ("title", "status", "progress", "due_on", "note", "proposal")}
        return self._render(request, CommitmentForm(process=self.process, initial=initial))

    def post(self, request, slug, pk=None):
        form = CommitmentForm(request.POST, process=self.process)
        if form.is_valid():
            try:
                services.commitment_save(process=self.process, actor=request.user,
                                         commitment=self.commitment(), **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The commitment is saved."))
                return redirect(f"{self.process.get_absolute_url()}#follow-up")
        return self._render(request, form, status=400)
