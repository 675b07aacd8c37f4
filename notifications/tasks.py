"""Celery tasks of the notifications app: take plain values, call services."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime


@shared_task
def send_digests(now: str | None = None) -> int:
    """Run by Celery beat every 15 minutes (CELERY_BEAT_SCHEDULE).

    Idempotent and safe to run twice at once: each person's digest of the day
    is a unique row, and its notifications are claimed by a conditional
    UPDATE. `now` (ISO 8601) lets tests choose the moment.
    """
    from .services import digests_send_due

    moment = parse_datetime(now) if now else None
    return digests_send_due(now=moment)
