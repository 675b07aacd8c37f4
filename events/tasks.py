"""Celery tasks of the events app: take plain values, call services."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime


@shared_task
def send_reminders(now: str | None = None) -> dict[str, int]:
    """Run by Celery beat every 5 minutes (CELERY_BEAT_SCHEDULE).

    Idempotent: each reminder has a "sent" flag claimed by a conditional
    update, so running it twice, late, or on two workers sends nothing twice.
    `now` (ISO 8601) lets tests freeze time.
    """
    from .services import reminders_send_due

    moment = parse_datetime(now) if now else None
    return reminders_send_due(now=moment)
