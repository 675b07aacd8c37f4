"""Reminders to the admins of drafts' carriers, 7 days and 1 day before a
call closes: run by Celery beat, each claimed once per application."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import kinds
from ..models import Application, Call
from ._tell import carriers_people, tell

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)


def _claim(pk: int, flag: str, now: datetime) -> bool:
    """Set the "sent" flag if nobody did: the conditional UPDATE makes two runs
    (or two workers) send each reminder once."""
    return bool(Application.objects.filter(pk=pk, **{f"{flag}__isnull": True}).update(**{flag: now}))


@transaction.atomic
def reminders_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Week: when the call closes within 7 days but more than 1; day: within 1 day."""
    now = now or timezone.now()
    drafts = Application.objects.filter(
        status=Application.Status.DRAFT, call__state=Call.State.PUBLISHED,
        call__closes_at__gt=now,
    )
    sent = {"week": 0, "day": 0}
    for flag, key, days, window in (
        ("reminder_week_sent_at", "week", 7, drafts.filter(
            call__closes_at__gt=now + DAY, call__closes_at__lte=now + WEEK)),
        ("reminder_day_sent_at", "day", 1, drafts.filter(call__closes_at__lte=now + DAY)),
    ):
        due = list(window.filter(**{f"{flag}__isnull": True}).values_list("pk", flat=True))
        claimed = [pk for pk in due if _claim(pk, flag, now)]
        for application in Application.objects.filter(pk__in=claimed).select_related("call"):
            tell(carriers_people(application, admins_only=True), kinds.REMINDER, application,
                 days=days)
        sent[key] = len(claimed)
    return sent
