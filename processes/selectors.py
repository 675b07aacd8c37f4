"""Reads of citizen dialogue processes: public fields only (display names,
never an e-mail address), so a future API and exports can reuse them. Each
takes a fixed number of queries whatever the number of rows
(tests/dialogue/test_pages.py pins them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone

from communities.models import Direction
from roles.predicates import process_lead_direction_ids

from . import accountability
from .models import Comment, Phase, Process, ProcessLead, Proposal, Support

PROPOSAL_FIELDS = (
    "id", "process_id", "title", "text", "category", "source_label", "created_at",
    "hidden_at", "hidden_reason", "author_id", "author__display_name",
)


def _phases():
    return Prefetch("phases", queryset=Phase.objects.order_by("position"))


def current_phase(phases, now: dt.datetime | None = None) -> Phase | None:
    now = now or timezone.now()
    return next((phase for phase in phases if phase.is_current(now)), None)


def process_list(*, viewer=None) -> list[Process]:
    """Published processes, newest first, each with its phases and current
    phase (2 queries)."""
    processes = list(
        Process.objects.filter(state=Process.State.PUBLISHED)
        .select_related("direction", "community")
        .only("id", "title", "slug", "summary", "territory", "published_at", "created_at",
              "direction__name", "direction__slug", "community__name", "community__slug")
        .prefetch_related(_phases())
    )
    now = timezone.now()
    for process in processes:
        process.current = current_phase(process.phases.all(), now)
    return processes


def drafts_led_by(user) -> list[Process]:
    """The drafts of the directions whose processes the person leads."""
    return list(Process.objects.filter(state=Process.State.DRAFT,
                                       direction_id__in=process_lead_direction_ids(user))
                .select_related("direction"))


def process_page(slug: str) -> Process:
    """The process with its direction, community and phases (2 queries);
    raises Process.DoesNotExist."""
    process = (Process.objects.select_related("direction", "community")
               .prefetch_related(_phases()).get(slug=slug))
    process.current = current_phase(process.phases.all())
    return process


def answer_counters(process: Process, *, today: dt.date | None = None) -> accountability.Counters:
    """How many proposals are owed an answer, answered, overdue (1 query)."""
    rows = (Proposal.objects.filter(process=process)
            .annotate(supports_count=Count("supports"))
            .values_list("hidden_at", "source_label", "supports_count", "answer__answered_at"))
    return accountability.counters(
        ((hidden is not None, bool(source), supports, answered_at)
         for hidden, source, supports, answered_at in rows),
        due_on=process.answer_due_on, threshold=process.support_threshold,
        today=today or timezone.localdate(),
    )


def _proposals(process: Process, viewer):
    queryset = (Proposal.objects.filter(process=process)
                .select_related("author", "answer")
                .only(*PROPOSAL_FIELDS, "answer__status", "answer__reason",
                      "answer__answered_at", "answer__proposal_id")
                .annotate(support_count=Count("supports", distinct=True),
                          comment_count=Count("comments", distinct=True)))
    if viewer is not None and viewer.is_authenticated:
        queryset = queryset.annotate(supported=Exists(
            Support.objects.filter(proposal=OuterRef("pk"), person=viewer)))
    return queryset


def proposals_of(process: Process, *, viewer=None, category: str = "") -> list[Proposal]:
    """The visible proposals with their support and comment counts, their
    answer, and whether the viewer supports each (1 query)."""
    queryset = _proposals(process, viewer).filter(hidden_at__isnull=True)
    if category:
        queryset = queryset.filter(category=category)
    proposals = list(queryset.order_by("-support_count", "-created_at", "-pk"))
    for proposal in proposals:
        proposal.process = process  # its phases already read: the rules ask them
    return proposals


def proposal_page(process: Process, pk: int, *, viewer=None) -> Proposal:
    """One proposal (hidden ones too: the rule decides who reads them) with
    its comments (2 queries); raises Proposal.DoesNotExist."""
    return (_proposals(process, viewer)
            .prefetch_related(Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author").only(
                    "id", "proposal_id", "text", "created_at", "author_id",
                    "author__display_name"),
            )).get(pk=pk))


def proposals_to_answer(process: Process) -> list[Proposal]:
    """For the answer page: every visible proposal, owed ones first."""
    proposals = list(_proposals(process, None).filter(hidden_at__isnull=True))
    for proposal in proposals:
        proposal.owed = accountability.is_owed_answer(
            hidden=False, from_workshop=bool(proposal.source_label),
            supports=proposal.support_count, threshold=process.support_threshold)
    proposals.sort(key=lambda p: (not p.owed, p.answer_or_none is not None, -p.support_count))
    return proposals


def commitments_of(process: Process):
    return list(process.commitments.select_related("proposal").only(
        "id", "process_id", "title", "status", "progress", "due_on", "note", "updated_at",
        "proposal_id", "proposal__title"))



def is_owed_answer(process: Process, proposal: Proposal) -> bool:
    """For a proposal read by `_proposals` (with its support count)."""
    return accountability.is_owed_answer(
        hidden=proposal.hidden_at is not None, from_workshop=bool(proposal.source_label),
        supports=proposal.support_count, threshold=process.support_threshold)


def process_leads() -> list[ProcessLead]:
    """Every process lead with their direction (1 query), for the grant page."""
    return list(ProcessLead.objects.select_related("direction", "person")
                .only("id", "granted_at", "direction__name", "person__display_name")
                .order_by("direction__name", "person__display_name"))


def agents_without_lead_role():
    """(direction, person) pairs of direction agents who do not lead its
    processes yet: the grant form's choices (1 query)."""
    rows = (Direction.staff.through.objects
            .select_related("direction", "user")
            .annotate(leads=Exists(ProcessLead.objects.filter(
                direction=OuterRef("direction"), person=OuterRef("user"))))
            .filter(leads=False)
            .order_by("direction__name", "user__display_name"))
    return [(row.direction, row.user) for row in rows]
