"""Reads of the audit log. Each list is one query (plus the paginator's count)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEntry


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def entries(
    *,
    community_id: int | None = None,
    platform: bool = False,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries of one community (`community_id`), or every entry
    (`platform=True`: every community and the platform-wide ones), newest first.

    `since` and `until` are days, both included.
    """
    if platform:
        qs = AuditEntry.objects.all()
    elif community_id is not None:
        qs = AuditEntry.objects.filter(community_id=community_id)
    else:
        return AuditEntry.objects.none()
    if action:
        qs = qs.filter(action=action)
    if since is not None:
        qs = qs.filter(at__gte=_start_of(since))
    if until is not None:
        qs = qs.filter(at__lt=_start_of(until) + timezone.timedelta(days=1))
    return qs.order_by("-at", "-pk")
