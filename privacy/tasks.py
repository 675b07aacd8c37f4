"""Celery tasks of the privacy app, run by beat (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import services


@shared_task
def erase_due_accounts(now: str | None = None) -> int:
    """Erase the accounts whose 30-day grace period is over. Idempotent.

    `now` (ISO 8601) lets tests choose the moment.
    """
    return services.accounts_erase_due(now=parse_datetime(now) if now else None)


@shared_task
def purge_expired(now: str | None = None) -> dict[str, int]:
    """Retention: unconfirmed registrations and sign-ups after 30 days,
    accounts unused for three years, delivery logs after 13 months, and
    every other rule an app declares (accounts/personal_data.py)."""
    return services.retention_purge(now=parse_datetime(now) if now else None)
