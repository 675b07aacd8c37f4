"""Celery tasks of the insights app: ids in, a service call, idempotent."""

from celery import shared_task

from .elected_digest import elected_digests_send
from .snapshots import overview_refresh


@shared_task
def send_elected_digests() -> int:
    """Beat runs it every few hours; each official gets each month's digest once."""
    return elected_digests_send()


@shared_task
def refresh_overview() -> int:
    """Beat runs it every five minutes: the cultivator overview's figures."""
    return len(overview_refresh().communities)
