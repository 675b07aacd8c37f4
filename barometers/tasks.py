"""Celery tasks of barometers: take nothing or ids, call a service."""

from celery import shared_task

from . import services


@shared_task
def announce_opened_waves() -> int:
    """Tell the people asked by each wave that opened (idempotent). Meant for
    Celery beat every 15 minutes (docs/barometers.md)."""
    return services.waves_announce_due()
