"""Reads of the moderation queue, each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from . import registry
from .models import Case, Reason, Report


@dataclass
class QueueEntry:
    case: Case
    what: str
    count: int
    reasons: list[tuple[str, int]]  # (reason's label, how many), most given first
    details: list[str]  # the reporters' own words (never their names)


def open_queue(*, community) -> list[QueueEntry]:
    """The community's open cases, oldest first, with their reports grouped.

    Two queries whatever the number of cases and reports: the cases, then
    their reports.
    """
    cases = (
        Case.objects.filter(community=community, status=Case.Status.OPEN)
        .select_related("author")
        .prefetch_related(
            Prefetch("reports", queryset=Report.objects.order_by("created_at", "pk"))
        )
        .order_by("created_at", "pk")
    )
    labels = dict(Reason.choices)
    kinds = registry.labels()
    entries = []
    for case in cases:
        reports = list(case.reports.all())
        counts = Counter(report.reason for report in reports)
        entries.append(QueueEntry(
            case=case,
            what=str(kinds.get(case.kind, case.kind)),
            count=len(reports),
            reasons=[(str(labels.get(reason, reason)), n) for reason, n in counts.most_common()],
            details=[report.text for report in reports if report.text],
        ))
    return entries


def open_count(*, community) -> int:
    """How many items of the community wait for a decision (one query)."""
    return Case.objects.filter(community=community, status=Case.Status.OPEN).count()
