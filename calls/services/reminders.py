"""Reminders to the admins of drafts' carriers, 7 days and 1 day before a
call closes; to the admins of a funded project's carriers, 14 days and 1 day
before its final report is due while it is not filed. Run by Celery beat,
each claimed once per application."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import kinds
from ..models import Application, Call
from ..selectors import report_due_applications
from ._tell import carriers_people, tell

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)


def _claim(pk: int, flag: str, now: datetime) -> bool:
    """Set the "sent" flag if nobody did: the conditional UPDATE makes two runs
    (or two workers) send each reminder once."""
    return bool(Application.objects.filter(pk=pk, **{f"{flag}__isnull": True}).update(**{flag: now}))


def reminders_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Week: when the call closes within 7 days but more than 1; day: within 1 day."""
    with transaction.atomic():
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


# --- The final report of a funded project ------------------------------------------

FORTNIGHT = dt.timedelta(days=14)


def report_reminders_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """14 days: when the final report is due within 14 days but more than 1;
    1 day: within 1 day. To the admins of the carriers who have not filed it,
    each reminder claimed once per application."""
    with transaction.atomic():
        now = now or timezone.now()
        pending = report_due_applications(now)
        sent = {"fortnight": 0, "day": 0}
        for flag, key, days, window in (
            ("report_reminder_14_sent_at", "fortnight", 14,
             pending.filter(due__gt=now + DAY, due__lte=now + FORTNIGHT)),
            ("report_reminder_1_sent_at", "day", 1, pending.filter(due__lte=now + DAY)),
        ):
            due = list(window.filter(**{f"{flag}__isnull": True}).values_list("pk", flat=True))
            claimed = [pk for pk in due if _claim(pk, flag, now)]
            for application in Application.objects.filter(pk__in=claimed).select_related("call"):
                tell(carriers_people(application, admins_only=True), kinds.REPORT_REMINDER,
                     application, days=days)
            sent[key] = len(claimed)
        return sent
