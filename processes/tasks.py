"""Celery tasks of processes: take nothing or ids, call a service."""

from celery import shared_task

from . import services


@shared_task
def announce_phase_changes() -> int:
    """Tell contributors of each process whose phase changed (idempotent).
    Meant for Celery beat every 15 minutes (docs/processes.md)."""
    return services.phase_changes_announce()
