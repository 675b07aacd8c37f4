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
