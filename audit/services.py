"""The one write of the audit log: `record()`.

Same transaction, not after commit: an entry is written inside the caller's
transaction, so it commits with the action or not at all. An action that
rolls back (a refused decision, a failed service) leaves no false entry, and
no action commits without its entry (after-commit writes would be lost if the
process died between the commit and the entry). Outside a transaction (a
failed log-in) the entry commits on its own. It costs one INSERT.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from . import context
from .actions import Action
from .models import AuditEntry

LABEL_MAX = 300


def _is_user(obj) -> bool:
    return obj._meta.label == settings.AUTH_USER_MODEL


def record(
    action: Action | str,
    *,
    actor=None,
    community_id: int | None = None,
    target: Any = None,
    details: dict | None = None,
    request=None,
    target_label: str | None = None,
) -> AuditEntry:
    """Append one entry. `actor` defaults to nobody (the system); the origin
    (IP address, user agent) comes from `request` when given, else from the
    request being answered (`audit.context`), else stays empty (a task).

    The target's label is a person's name for a person (replaced at their
    erasure), else "<kind> #<id>": never free text that could hold someone's
    name or words (a message, a request's "Anne — Biodiversité"), unless the
    caller gives `target_label` (an event's or a letter's title)."""
    action = Action(action)
    origin = context.origin_from_request(request) if request is not None else context.current()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_name=str(actor)[:200] if actor is not None else "",
        community_id=community_id,
        details=details or {},
        ip_address=origin.ip_address if origin else None,
        user_agent=origin.user_agent if origin else "",
    )
    if target is not None:
        label = str(target)
        if isinstance(target, models.Model):
            entry.target_type = target._meta.label_lower
            entry.target_id = str(target.pk)
            if _is_user(target):
                entry.target_user = target
            else:
                label = f"{target._meta.verbose_name} #{target.pk}"
        entry.target_label = (target_label if target_label is not None else label)[:LABEL_MAX]
    entry.save()
    return entry
