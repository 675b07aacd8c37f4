"""Reads of calls for projects, each in a fixed number of queries."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.predicates import agent_direction_ids

from .models import (
    Application,
    Assignment,
    Call,
    CoCarrier,
    FundingShare,
    Question,
    Report,
    Score,
)
from .predicates import administered_ids


def countdown(call: Call, now: datetime) -> int | None:
    """Whole days left before the call closes (0 on its last day), None once closed."""
    if call.closes_at <= now:
        return None
    return (call.closes_at - now) // timedelta(days=1)


def call_list(now: datetime) -> tuple[list[Call], list[Call]]:
    """Published calls: the open or upcoming ones by deadline, then the closed ones."""
    calls = list(Call.objects.filter(state=Call.State.PUBLISHED).select_related("direction")
                 .prefetch_related("themes").order_by("closes_at"))
    for call in calls:
        call.days_left = countdown(call, now)
    current = [c for c in calls if c.days_left is not None]
    past = [c for c in reversed(calls) if c.days_left is None]
    return current, past


def drafts_of(user):
    """The calls still in draft that this agent's directions run."""
    return Call.objects.filter(state=Call.State.DRAFT, direction__staff=user).order_by("closes_at")


def call_page(slug: str) -> Call:
    return (Call.objects.select_related("direction")
            .prefetch_related("criteria", "required_documents", "partners",
                              "partner_organisations", "themes")
            .get(slug=slug))


def applications_of(user, call: Call | None = None):
    """The applications carried by one of the person's organisations."""
    if not user.is_authenticated:
        return Application.objects.none()
    mine = Q(organisation__members__user=user) | Q(carriers__organisation__members__user=user)
    rows = Application.objects.filter(mine).select_related("call", "organisation").distinct()
    return rows.filter(call=call) if call is not None else rows


def to_review(user):
    """The applications assigned to this reviewer and not decided yet (their
    list on the calls' page), one query."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (Application.objects.filter(assignments__reviewer=user)
            .exclude(status__in=[Application.Status.DRAFT, Application.Status.DECIDED])
            .select_related("call").order_by("call__closes_at", "title"))


def application_page(pk: int) -> Application:
    return (Application.objects.select_related("call", "call__direction", "organisation")
            .prefetch_related(
                Prefetch("carriers", CoCarrier.objects.select_related("organisation")),
                "budget_lines", "attachments",
                Prefetch("assignments", Assignment.objects.select_related(
                    "reviewer", "direction", "organisation")),
                "call__criteria", "call__required_documents", "call__partners",
                "call__partner_organisations", SHARES,
                Prefetch("reports", Report.objects.select_related("author")),
            ).get(pk=pk))


SHARES = Prefetch("shares", FundingShare.objects.select_related("direction", "organisation"))


def weighted(scores: list[Score], weights: dict[int, int]) -> float | None:
    """A reviewer's weighted score on 0-5: Σ(score × weight) / Σ(weight) over what they scored."""
    total = sum(weights[s.criterion_id] for s in scores)
    if not total:
        return None
    return sum(s.value * weights[s.criterion_id] for s in scores) / total


def days_between(start: datetime | None, end: datetime | None) -> float | None:
    """Elapsed days, with their fraction (shown to one decimal on the board)."""
    if start is None or end is None:
        return None
    return (end - start) / timedelta(days=1)


@dataclass
class BoardRow:
    application: Application
    by_reviewer: dict = field(default_factory=dict)  # reviewer name -> weighted score
    # Submission → decision, or → now while not decided (then `running`).
    instruction_days: float | None = None
    running: bool = False
    # Submission → the file declared complete.
    completeness_days: float | None = None

    @property
    def mean(self) -> float | None:
        values = list(self.by_reviewer.values())
        return sum(values) / len(values) if values else None

    @property
    def divergence(self) -> float | None:
        values = list(self.by_reviewer.values())
        return max(values) - min(values) if len(values) > 1 else None


def board(call: Call, now: datetime | None = None) -> dict:
    """Every application received, its reviewers' weighted scores, their mean and
    divergence, the split of the amount granted, its instruction time
    (submission → decision; → now, running, while not decided) and its time to
    completeness (submission → declared complete); and, over the decided ones
    only, the median and the slowest instruction time, naming the slowest
    application. Four queries whatever the number of applications."""
    now = now or timezone.now()
    weights = {c.pk: c.weight for c in call.criteria.all()}
    applications = list(call.applications.exclude(status=Application.Status.DRAFT)
                        .select_related("organisation").prefetch_related(SHARES)
                        .order_by("submitted_at", "pk"))
    per = defaultdict(lambda: defaultdict(list))
    names = {}
    for score in Score.objects.filter(application__call=call).select_related("reviewer"):
        per[score.application_id][score.reviewer_id].append(score)
        names[score.reviewer_id] = str(score.reviewer)
    rows = []
    for application in applications:
        row = BoardRow(application)
        for reviewer_id, scores in per[application.pk].items():
            row.by_reviewer[names[reviewer_id]] = weighted(scores, weights)
        row.running = application.decided_at is None
        row.instruction_days = days_between(application.submitted_at,
                                            application.decided_at or now)
        row.completeness_days = days_between(application.submitted_at, application.completed_at)
        rows.append(row)
    decided = [r for r in rows if not r.running and r.instruction_days is not None]
    slowest = max(decided, key=lambda r: r.instruction_days, default=None)
    return {
        "rows": rows,
        "median_days": (statistics.median(r.instruction_days for r in decided)
                        if decided else None),
        "slowest_days": slowest.instruction_days if slowest else None,
        "slowest": slowest.application if slowest else None,
    }


def export_rows(call: Call, user, *, everything: bool):
    """The export of a funder: its assigned applications (every one for the call's
    agents), one row per reviewer with each criterion's score and comment."""
    criteria = list(call.criteria.all())
    applications = call.applications.exclude(status=Application.Status.DRAFT)
    assignments = Assignment.objects.filter(application__call=call).select_related(
        "application", "application__organisation", "reviewer", "direction", "organisation")
    if not everything:
        directions = agent_direction_ids(user) & set(call.partners.values_list("pk", flat=True))
        organisations = administered_ids(user) & set(
            call.partner_organisations.values_list("pk", flat=True))
        mine = Q(direction__in=directions) | Q(organisation__in=organisations)
        assignments = assignments.filter(mine)
        applications = applications.filter(
            Q(assignments__direction__in=directions)
            | Q(assignments__organisation__in=organisations))
    scores = {(s.application_id, s.reviewer_id, s.criterion_id): s
              for s in Score.objects.filter(application__in=applications)}
    # What each funder grants each funded application: {(application, "d"|"o", pk): amount}.
    shares = {}
    for share in FundingShare.objects.filter(application__call=call):
        key = ("d", share.direction_id) if share.direction_id else ("o", share.organisation_id)
        shares[(share.application_id, *key)] = share.amount
    header = [_("Application"), _("Organisation"), _("Status"), _("Amount requested (€)"),
              _("Amount granted (€)"), _("Funder"), _("Granted by this funder (€)"),
              _("Reviewer")]
    for criterion in criteria:
        header += [criterion.title, _("%(criterion)s: comment") % {"criterion": criterion.title}]
    header.append(_("Weighted score"))
    rows = [header]
    for a in assignments.order_by("application_id", "pk"):
        application = a.application
        mine = [scores[key] for key in ((application.pk, a.reviewer_id, c.pk) for c in criteria)
                if key in scores]
        funder = ("d", a.direction_id) if a.direction_id else ("o", a.organisation_id)
        share = shares.get((application.pk, *funder))
        row = [application.title, application.organisation.name,
               application.get_status_display(), str(application.requested_amount),
               str(application.granted_amount or ""), str(a.funder),
               str(share) if share is not None else "", str(a.reviewer)]
        for criterion in criteria:
            s = scores.get((application.pk, a.reviewer_id, criterion.pk))
            row += [s.value if s else "", s.comment if s else ""]
        value = weighted(mine, {c.pk: c.weight for c in criteria})
        row.append(f"{value:.2f}" if value is not None else "")
        rows.append(row)
    return rows


def report_due_applications(now: datetime):
    """Funded applications whose final report is due after `now` and not yet
    filed, annotated with `due`: their own due date, else the call's."""
    return (
        Application.objects.filter(status=Application.Status.DECIDED,
                                   decision=Application.Decision.FUNDED)
        .exclude(reports__kind=Report.Kind.FINAL)
        .annotate(due=Coalesce("final_report_due_at", "call__final_report_due_at"))
        .filter(due__gt=now)
    )


# --- Questions and answers (services/questions.py) ------------------------------------


def questions_answered(call: Call) -> list[Question]:
    """The call's public questions and answers, oldest first: one query."""
    return list(Question.objects.filter(call=call, public=True, answered_at__isnull=False)
                .order_by("created_at", "pk"))


def questions_of(user, call: Call) -> list[Question]:
    """This person's own questions not in the public list (waiting for their
    answer, or answered to them alone): one query, none for a visitor."""
    if not user.is_authenticated:
        return []
    return list(Question.objects.filter(call=call, asked_by=user)
                .exclude(public=True, answered_at__isnull=False).order_by("created_at", "pk"))


def questions_unanswered_count(call: Call) -> int:
    return Question.objects.filter(call=call, answered_at__isnull=True).count()


def questions_for_team(call: Call) -> list[Question]:
    """Every question of the call for its team, the unanswered first (oldest
    first), then the answered (latest answer first): one query."""
    return list(Question.objects.filter(call=call).select_related("asked_by")
                .order_by(F("answered_at").desc(nulls_first=True), "created_at", "pk"))
