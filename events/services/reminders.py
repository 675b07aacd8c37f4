"""Reminders the day before and an hour before, thanks after: run by Celery beat."""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import kinds
from ..models import Event, Registration
from ._tell import tell

DAY_BEFORE = dt.timedelta(hours=24)
HOUR_BEFORE = dt.timedelta(hours=1)
THANKS_WITHIN = dt.timedelta(days=3)


def _claim(pk: int, flag: str, now: datetime) -> bool:
    """Set a "sent" flag if nobody did: the conditional UPDATE makes two runs
    of the task (or two workers) send each reminder once."""
    unsent = Registration.objects.filter(pk=pk, **{f"{flag}__isnull": True})
    return bool(unsent.update(**{flag: now}))


def _claimed(due, flag: str, now: datetime) -> list[int]:
    """The due registrations not sent yet whose flag this run sets."""
    unsent = due.filter(**{f"{flag}__isnull": True}).values_list("pk", flat=True)
    return [pk for pk in list(unsent) if _claim(pk, flag, now)]


def reminders_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Send the reminders and thanks that are due and not yet sent.

    Day-before: from 24 h before the start until an hour before. Hour-before:
    in the last hour. A registration confirmed late still gets the one that
    is due at the next run. Thanks: to people checked in, once the event is over.
    """
    with transaction.atomic():
        now = now or timezone.now()
        confirmed = Registration.objects.filter(
            status=Registration.Status.CONFIRMED, event__state=Event.State.PUBLISHED
        )
        day = _claimed(confirmed.filter(event__starts_at__gt=now + HOUR_BEFORE,
                                        event__starts_at__lte=now + DAY_BEFORE),
                       "reminder_day_sent_at", now)
        hour = _claimed(confirmed.filter(event__starts_at__gt=now,
                                         event__starts_at__lte=now + HOUR_BEFORE),
                        "reminder_hour_sent_at", now)
        thanks = _claimed(confirmed.filter(checked_in_at__isnull=False,
                                           event__ends_at__lte=now,
                                           event__ends_at__gt=now - THANKS_WITHIN),
                          "thanked_at", now)
        return {
            "day": _tell_each_event(day, kinds.REMINDER, data={"when": "day"}, kind="day"),
            "hour": _tell_each_event(hour, kinds.REMINDER, data={"when": "hour"}, kind="hour"),
            "thanks": _tell_each_event(thanks, kinds.THANKS),
        }


def _tell_each_event(pks: list[int], kind: str, /, *, data: dict | None = None,
                     **email_kwargs) -> int:
    """One notify() per event for the claimed registrations (one query to
    load them, each with its person and event)."""
    by_event: dict[int, list[Registration]] = {}
    for registration in Registration.objects.filter(pk__in=pks).select_related(
        "user", "event__community"
    ):
        by_event.setdefault(registration.event_id, []).append(registration)
    for registrations in by_event.values():
        tell(registrations, kind, event=registrations[0].event, data=data, **email_kwargs)
    return len(pks)
