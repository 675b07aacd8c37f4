"""Public pages: the list, a process with its rules of the game, proposals, supports, comments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from terreau.views import add_form_errors, show_errors

from .. import opinion_selectors, selectors, services
from ..forms import (
    CommentForm,
    ProposalForm,
)
from ..models import Phase
from .base import ProcessMixin, ProposalMixin
from .map import map_config

# Same day: documents first, then the opinion, then the answers.
TIMELINE_ORDER = {"document": 0, "opinion": 1, "answer": 2, "recommendation": 2}

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
        referrals = selectors.referrals_of(process)
        # The citizen opinion (issue #17, item 4): its publication and its
        # answers join the timeline; its counters show once published.
        opinion = opinion_selectors.opinion_or_none(process)
        published = opinion is not None and opinion.is_published
        documents = selectors.documents_and_decisions(process)
        documents += opinion_selectors.timeline_entries(opinion)
        documents.sort(key=lambda entry: (entry[0], TIMELINE_ORDER[entry[1]], entry[2].pk))
        user = request.user
        return render(request, "processes/process_detail.html", {
            "process": process,
            "phases": process.phases.all(),
            "documents": documents,
            "opinion": opinion, "opinion_published": published,
            "opinion_counters": (opinion_selectors.published_opinion_counters(process)
                                 if published else None),
            "can_read_opinion": opinion is not None and user.has_perm("processes.view_opinion",
                                                                      process),
            "can_manage_opinion": user.has_perm("processes.manage_opinion", process),
            "workshops": selectors.workshops_of(process),
            "now": timezone.now(),
            "today": timezone.localdate(),
            "counters": selectors.answer_counters(process),
            "proposals": selectors.proposals_of(process, viewer=request.user, category=category),
            "category": category,
            "commitments": selectors.commitments_of(process),
            # Referred by communities (issue #17, item 7), owed an answer like proposals.
            "referrals": referrals,
            "referral_counters": selectors.referral_counters(referrals, process),
            "can_answer_referrals": request.user.has_perm("processes.manage_process", process),
        })


class ProposalCreateView(ProcessMixin, View):
    permission_required = "processes.add_proposal"

    def handle_no_permission(self):
        # A signed-in person who may read the process but arrives outside its
        # contributions phase (an old link, a form opened before it closed) is
        # told why, in their language, rather than shown the generic refusal.
        user = self.request.user
        if user.is_authenticated and user.has_perm("processes.view_process", self.process):
            # And when: the next contributions phase if one is to come,
            # otherwise when the last one closed.
            now = timezone.now()
            phases = [phase for phase in self.process.phases.all()
                      if phase.kind == Phase.Kind.CONTRIBUTIONS]
            upcoming = next((phase for phase in phases if phase.starts_at > now), None)
            ended = [phase for phase in phases if phase.ends_at <= now]
            return render(self.request, "processes/contributions_closed.html",
                          {"process": self.process, "upcoming": upcoming,
                           "ended": ended[-1] if ended else None}, status=403)
        return super().handle_no_permission()

    def _render(self, request, form, status=200):
        # The map picker starts on the place already typed, if any.
        lat, lng = form["latitude"].value(), form["longitude"].value()
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            lat = lng = None
        on_map = lat is not None and -90 <= lat <= 90 and -180 <= lng <= 180  # NaN is not
        marker = [{"title": "", "lat": lat, "lng": lng}] if on_map else []
        return render(request, "processes/proposal_form.html",
                      {"process": self.process, "form": form,
                       "map_config": map_config(marker, pick=True)}, status=status)

    def get(self, request, slug):
        return self._render(request, ProposalForm(process=self.process))

    def post(self, request, slug):
        form = ProposalForm(request.POST, process=self.process)
        if form.is_valid():
            try:
                proposal = services.proposal_create(
                    process=self.process, author=request.user, title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    category=form.cleaned_data.get("category", ""),
                    latitude=form.cleaned_data.get("latitude"),
                    longitude=form.cleaned_data.get("longitude"))
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
