"""Reads of the citizen opinion (issue #17, items 4 and 5): the panel, the
recommendations with the contributions they draw on, the answers' counters.
Public fields only (display names, proposals' titles). Its own module:
processes/selectors.py is shared by many pages."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from councils.models import Council
from councils.selectors import member_accounts, seats_of

from . import accountability
from .models import Opinion, PanelMember, Process, Proposal, Recommendation


def opinion_or_none(process: Process) -> Opinion | None:
    """The process's opinion if one was started (cached on the process)."""
    if not hasattr(process, "_opinion_cache"):
        process._opinion_cache = (Opinion.objects.select_related("council")
                                  .filter(process=process).first())
        if process._opinion_cache is not None:
            process._opinion_cache.process = process
    return process._opinion_cache


def is_panel_member(opinion: Opinion | None, user) -> bool:
    """Named to the panel, or seated on the panel's citizen council now
    (councils sits below processes in the layers: a plain import)."""
    if opinion is None or user is None or not user.is_authenticated:
        return False
    if PanelMember.objects.filter(opinion=opinion, person=user).exists():
        return True
    if opinion.council_id is None:
        return False

    return seats_of(user).filter(council_id=opinion.council_id).exists()


def _with_proposals(queryset):
    return queryset.select_related("author").prefetch_related(Prefetch(
        "proposals", queryset=Proposal.objects.filter(hidden_at__isnull=True)
        .only("id", "process_id", "title").order_by("title")))


def published_recommendations(opinion: Opinion) -> list[Recommendation]:
    """The accepted recommendations, in order, with their proposals (2 queries)."""
    return list(_with_proposals(opinion.recommendations.filter(
        state=Recommendation.State.ACCEPTED)))


def public_recommendations(process: Process) -> list[Recommendation]:
    """What the public reads of the citizen opinion (the API, the exports,
    the feeds): its accepted recommendations once the opinion is published,
    none before (3 queries)."""
    opinion = opinion_or_none(process)
    if opinion is None or not opinion.is_published:
        return []
    return published_recommendations(opinion)


def all_recommendations(opinion: Opinion) -> list[Recommendation]:
    """Every recommendation, for the panel and the leads (2 queries)."""
    return list(_with_proposals(opinion.recommendations.all()))


def panel_members(opinion: Opinion) -> list[PanelMember]:
    return list(opinion.members.select_related("person").order_by("person__display_name"))


def recommendation_counters(recommendations, process: Process, *,
                            today: dt.date | None = None) -> accountability.Counters:
    """Owed, answered, overdue over the published recommendations (no query)."""
    return accountability.recommendation_counters(
        (r.answered_at for r in recommendations if r.is_accepted),
        due_on=process.answer_due_on, today=today or timezone.localdate())


def published_opinion_counters(process: Process, *,
                               today: dt.date | None = None) -> accountability.Counters | None:
    """For the process page: None until the opinion is published (1 query)."""
    rows = list(Recommendation.objects.filter(
        opinion__process=process, opinion__state=Opinion.State.PUBLISHED,
        state=Recommendation.State.ACCEPTED).values_list("answered_at", flat=True))
    if not rows:
        return None
    return accountability.recommendation_counters(
        rows, due_on=process.answer_due_on, today=today or timezone.localdate())


def recommendation_of(process: Process, pk: int) -> Recommendation:
    """One recommendation of the process's opinion (1 query); raises
    Recommendation.DoesNotExist."""
    recommendation = (_with_proposals(Recommendation.objects.select_related("opinion"))
                      .get(pk=pk, opinion__process=process))
    recommendation.opinion.process = process
    return recommendation


def account_by_email(email: str):
    """The account with this address, or None (the lead names panel members by it)."""
    return get_user_model().objects.filter(email__iexact=(email or "").strip()).first()


def councils_for_panel():
    return Council.objects.order_by("name")


def council_accounts(opinion: Opinion | None) -> list:
    """The accounts of the panel's council's seated members, by name."""
    if opinion is None or opinion.council_id is None:
        return []
    return list(member_accounts(opinion.council_id).only("id", "display_name"))


def timeline_entries(opinion: Opinion | None) -> list[tuple[dt.date, str, object]]:
    """The published opinion and its recommendations' answers, as the
    process's timeline takes them: (date, "opinion" | "recommendation", object)
    (1 query; none while the opinion is written)."""
    if opinion is None or not opinion.is_published:
        return []
    entries = [(timezone.localdate(opinion.published_at), "opinion", opinion)]
    answered = opinion.recommendations.filter(
        state=Recommendation.State.ACCEPTED, answered_at__isnull=False).only(
        "id", "title", "answer_status", "answered_at", "opinion_id")
    entries += [(timezone.localdate(r.answered_at), "recommendation", r) for r in answered]
    return entries


def recommendations_to_answer(process: Process) -> list[Recommendation]:
    """The published opinion's recommendations, unanswered first (1 query;
    none while the opinion is written)."""
    return sorted(Recommendation.objects.filter(
        opinion__process=process, opinion__state=Opinion.State.PUBLISHED,
        state=Recommendation.State.ACCEPTED).only(
        "id", "title", "answer_status", "position", "opinion_id"),
        key=lambda r: (bool(r.answer_status), r.position, r.pk))
