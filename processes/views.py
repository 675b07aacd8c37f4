"""Pages of citizen dialogue processes. Thin: ask the rule, validate the
form, call one service, show its message. A refused write comes back as form
errors or a message; nothing changed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Direction
from terreau.views import add_form_errors, show_errors

from . import selectors, services
from .forms import (
    AnswerForm,
    CommentForm,
    CommitmentForm,
    HideForm,
    LeadGrantForm,
    PhaseFormSet,
    ProcessForm,
    ProposalForm,
    WorkshopForm,
)
from .models import Commitment, Process, ProcessLead, Proposal


class ProcessMixin(PermissionRequiredMixin):
    permission_required = "processes.view_process"

    @property
    def process(self) -> Process:
        if not hasattr(self, "_process"):
            try:
                self._process = selectors.process_page(self.kwargs["slug"])
            except Process.DoesNotExist:
                raise Http404 from None
        return self._process

    def get_permission_object(self):
        return self.process


class LeadMixin(ProcessMixin):
    permission_required = "processes.manage_process"


class ProposalMixin(ProcessMixin):
    """The object is the proposal; its process is the one of the URL."""

    permission_required = "processes.view_proposal"

    @property
    def proposal(self) -> Proposal:
        if not hasattr(self, "_proposal"):
            try:
                self._proposal = selectors.proposal_page(self.process, self.kwargs["pk"],
                                                         viewer=self.request.user)
            except Proposal.DoesNotExist:
                raise Http404 from None
            self._proposal.process = self.process
        return self._proposal

    def get_permission_object(self):
        return self.proposal


def _directions_for(user):
    return Direction.objects.filter(pk__in=[
        d.pk for d in Direction.objects.all() if user.has_perm("processes.run_processes_of", d)
    ])


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


class WorkshopView(LeadMixin, View):
    def _render(self, request, form, status=200):
        return render(request, "processes/workshop_form.html",
                      {"process": self.process, "form": form}, status=status)

    def get(self, request, slug):
        return self._render(request, WorkshopForm(process=self.process))

    def post(self, request, slug):
        form = WorkshopForm(request.POST, process=self.process)
        if form.is_valid():
            try:
                services.workshop_contribution_create(
                    process=self.process, actor=request.user, title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    source_label=form.cleaned_data["source_label"],
                    category=form.cleaned_data.get("category", ""))
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The contribution is entered. Enter the next one."))
                # Same source again for the workshop's next contribution.
                return self._render(request, WorkshopForm(
                    process=self.process,
                    initial={"source_label": form.cleaned_data["source_label"]}))
        return self._render(request, form, status=400)


class AnswersView(LeadMixin, View):
    def get(self, request, slug):
        return render(request, "processes/answers.html", {
            "process": self.process, "proposals": selectors.proposals_to_answer(self.process),
            "counters": selectors.answer_counters(self.process),
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


# --- Process leads -----------------------------------------------------------------------


class LeadsView(PermissionRequiredMixin, View):
    """The cultivator (or staff) makes a direction's agent its process lead."""

    permission_required = "processes.grant_process_lead"

    def _render(self, request, form, status=200):
        return render(request, "processes/leads.html", {
            "leads": selectors.process_leads(), "form": form}, status=status)

    def get(self, request):
        return self._render(request, LeadGrantForm(pairs=selectors.agents_without_lead_role()))

    def post(self, request):
        form = LeadGrantForm(request.POST, pairs=selectors.agents_without_lead_role())
        if form.is_valid():
            direction, person = form.chosen()
            try:
                services.process_lead_grant(direction=direction, person=person,
                                            actor=request.user)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("%(person)s now leads the processes of "
                                            "%(direction)s.") % {
                    "person": person.display_name, "direction": direction.name})
                return redirect("processes:leads")
        return self._render(request, form, status=400)


class LeadRevokeView(PermissionRequiredMixin, View):
    permission_required = "processes.grant_process_lead"

    def post(self, request, pk):
        lead = get_object_or_404(ProcessLead.objects.select_related("direction", "person"),
                                 pk=pk)
        services.process_lead_revoke(direction=lead.direction, person=lead.person,
                                     actor=request.user)
        messages.success(request, _("%(person)s no longer leads the processes of "
                                    "%(direction)s.") % {
            "person": lead.person.display_name, "direction": lead.direction.name})
        return redirect("processes:leads")
