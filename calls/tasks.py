"""Celery tasks of calls for projects: take plain values, call services."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime


@shared_task
def send_reminders(now: str | None = None) -> dict[str, int]:
    """Run by Celery beat every hour (CELERY_BEAT_SCHEDULE). Idempotent: each
    reminder is claimed by a conditional update. `now` (ISO 8601) for tests."""
    from .services import reminders_send_due

    return reminders_send_due(now=parse_datetime(now) if now else None)


@shared_task
def send_report_reminders(now: str | None = None) -> dict[str, int]:
    """Run by Celery beat every hour: the reminders 14 days and 1 day before a
    funded project's final report is due. Idempotent, like send_reminders."""
    from .services import report_reminders_send_due

    return report_reminders_send_due(now=parse_datetime(now) if now else None)


@shared_task
def announce_outside_call(outside_call_id: int) -> int:
    """Tell the people whose themes match an outside call just posted (the
    watch, calls/watch/). Idempotent: the announcement is claimed once."""
    from .watch.services import outside_call_announce

    return outside_call_announce(pk=outside_call_id)


@shared_task
def announce_outside_calls() -> int:
    """Celery beat, every 15 minutes: announce the outside calls whose own
    task was lost (calls/watch/services.py, outside_calls_announce_due)."""
    from .watch.services import outside_calls_announce_due

    return outside_calls_announce_due()
