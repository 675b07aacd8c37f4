"""Reads of citizen dialogue processes: public fields only (display names,
never an e-mail address), so a future API and exports can reuse them. Each
takes a fixed number of queries whatever the number of rows
(tests/dialogue/test_pages.py pins them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from communities.models import Direction
from events.models import Event
from roles.predicates import process_lead_direction_ids

from . import accountability
from .models import Comment, Facilitator, Phase, Process, ProcessLead, Proposal, Support, Workshop

PROPOSAL_FIELDS = (
    "id", "process_id", "title", "text", "category", "source_label", "created_at",
    "hidden_at", "hidden_reason", "author_id", "author__display_name",
    "workshop_event_id", "participants",
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
                .select_related("author", "answer", "workshop_event")
                .only(*PROPOSAL_FIELDS, "answer__status", "answer__reason",
                      "answer__answered_at", "answer__proposal_id", "workshop_event__title",
                      "workshop_event__starts_at")
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


def proposals_on_map(process: Process, *, category: str = "") -> list[dict]:
    """The visible proposals that have a place, as map markers: title, link,
    category, latitude and longitude (1 query), of one category if given.
    Hidden ones never appear."""
    rows = Proposal.objects.filter(process=process, hidden_at__isnull=True,
                                   latitude__isnull=False, longitude__isnull=False)
    if category:
        rows = rows.filter(category=category)
    rows = (rows.order_by("-created_at", "-pk")
            .values_list("pk", "title", "category", "latitude", "longitude"))
    return [{"title": title, "category": category, "lat": latitude, "lng": longitude,
             "url": reverse("processes:proposal", args=[process.slug, pk])}
            for pk, title, category, latitude, longitude in rows]


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


# --- Referrals from communities (issue #17, item 7) -------------------------------------


def referrals_of(process: Process) -> list:
    """Every referral to the process, oldest first, with its community and
    source's title (1 query)."""
    from .models import Referral

    return list(Referral.objects.filter(process=process)
                .select_related("community", "need", "decision__group", "referred_by",
                                "answered_by")
                .order_by("referred_at", "pk"))


def public_referrals(process: Process) -> list:
    """What open data reads of the referrals to a process (the API, the
    exports, the feeds), oldest first, in 1 query. Each row carries
    `public_title` and `public_message`: the need's title and the gardener's
    message, or None when the referred need is kept for the community's
    gardeners or hidden (what the community keeps to itself stays there). A
    working group's result is named by its group, never by the log's line."""
    from needs.models import Need  # why: its visibility's values (needs sits below)

    from .models import Referral

    rows = list(Referral.objects.filter(process=process)
                .select_related("community", "need", "decision__group", "referred_by",
                                "answered_by")
                .only("id", "community__id", "community__slug", "community__name",
                      "need__id", "need__title", "need__visibility", "need__hidden_at",
                      "decision__id", "decision__group__id", "decision__group__name",
                      "message", "referred_at", "referred_by__display_name", "status",
                      "reason", "answered_at", "answered_by__display_name")
                .order_by("referred_at", "pk"))
    for row in rows:
        private = row.need_id is not None and (
            row.need.visibility == Need.Visibility.GARDENERS or row.need.hidden_at is not None)
        row.public_title = None if private or row.need_id is None else row.need.title
        row.public_message = None if private else row.message
    return rows


def referral_counters(referrals, process: Process, *,
                      today: dt.date | None = None) -> accountability.Counters:
    """Every referral is owed an argued answer, due by the process's
    commitment date, counted like the proposals' (no query)."""
    today = today or timezone.localdate()
    return accountability.Counters(
        owed=len(referrals),
        answered=sum(r.answered_at is not None for r in referrals),
        overdue=sum(accountability.is_overdue(answered_at=r.answered_at,
                                              due_on=process.answer_due_on, today=today)
                    for r in referrals),
    )


def documents_and_decisions(process: Process) -> list[tuple[dt.date, str, object]]:
    """The published documents and the answers to shown proposals, as
    (date, "document" | "answer", object) in date order (2 queries)."""
    from .models import Answer

    entries = [(document.dated_on, "document", document)
               for document in process.documents.all()]
    answers = (Answer.objects.filter(proposal__process=process, proposal__hidden_at__isnull=True)
               .select_related("proposal"))
    entries += [(timezone.localdate(answer.answered_at), "answer", answer) for answer in answers]
    entries.sort(key=lambda entry: (entry[0], entry[1] == "answer", entry[2].pk))
    return entries


# --- Workshops and facilitators (issue #17, item 3) ---------------------------------------


def workshops_of(process: Process) -> list[Workshop]:
    """The process's workshops with their event's date and place, in date
    order; cancelled events too, shown as such (1 query)."""
    return list(Workshop.objects.filter(process=process).select_related("event")
                .only("id", "process_id", "event__id", "event__title", "event__starts_at",
                      "event__ends_at", "event__time_zone", "event__address", "event__format",
                      "event__state")
                .order_by("event__starts_at", "pk"))


def facilitators_of(process: Process) -> list[Facilitator]:
    return list(Facilitator.objects.filter(process=process).select_related("person")
                .only("id", "process_id", "granted_at", "person__id", "person__display_name")
                .order_by("person__display_name", "pk"))


def workshop_audience_q(process: Process) -> Q:
    """The events that may be one of the process's workshops: those open to
    citizens, i.e. to everyone, or to the citizens circle of the process's
    community. The process page is public and names its workshops: an event
    for the engaged or informed circles only would be shown to people it is
    hidden from (its title, date and place)."""
    audience = Q(audience=Event.Audience.PUBLIC)
    if process.community_id:
        audience |= Q(audience=Event.Audience.CIRCLES, community_id=process.community_id,
                      for_citizens=True)
    return audience


def linkable_events(process: Process, *, now: dt.datetime | None = None) -> list[Event]:
    """Events a lead may hold as the process's workshops: published, from a
    year ago on, open to citizens (workshop_audience_q), not yet linked
    (1 query, 200 at most, in date order)."""
    now = now or timezone.now()
    audience = workshop_audience_q(process)
    return list(Event.objects.filter(audience, state=Event.State.PUBLISHED,
                                     starts_at__gte=now - dt.timedelta(days=365))
                .exclude(process_workshops__process=process)
                .only("id", "title", "starts_at", "time_zone").order_by("starts_at", "pk")[:200])
