"""The notification service: the one function other apps call, explicitly.

    from notifications import services as notifications
    notifications.notify(
        [author], "need_step", actor=gardener, community=community,
        url=need.get_absolute_url(), data={"title": need.title, "answer": answer, ...},
    )

Call it inside the write's transaction: the rows commit or roll back with
the write, and e-mails leave only after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from .kinds import KINDS
from .models import Notification


def notify(
    recipients: Iterable,
    kind: str,
    *,
    actor=None,
    community=None,
    url: str = "",
    data: dict | None = None,
    email: bool = True,
) -> list[Notification]:
    """Tell each recipient (users; the actor and duplicates are skipped) that `kind` happened.

    `data` must be JSON: plain strings and numbers the kind's template shows.
    `email=False` keeps it in the notification centre only (for example a
    mention seen live by someone online).
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    seen = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user, kind=kind, actor=actor, community=community,
                url=url, data=data or {},
            )
        )
    created = Notification.objects.bulk_create(rows)
    # E-mail delivery (immediately / digest / never) is wired here by the
    # notifications work: see docs/notifications.md.
    return created
