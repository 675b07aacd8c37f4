"""Who is told what about their registration (events/kinds.py): through notify().

The recipients are registrations: notify() writes to the person behind each,
with or without an account, and the kind's e-mail renders their own links.
"""

from __future__ import annotations

from collections.abc import Iterable

from notifications import services as notifications

from ..models import Event, Registration


def tell(registrations: Iterable[Registration], kind: str, /, *, event: Event,
         data: dict | None = None, **email_kwargs) -> None:
    """Tell every registration of `event` in `registrations` that `kind` happened.

    `email_kwargs` go to the kind's e-mail (a reminder's kind="day"). The rows
    should have their user joined (select_related) when there are many.
    """
    notifications.notify(
        list(registrations), kind, community=event.community if event.community_id else None,
        url=event.get_absolute_url(), data={"event": event.title, **(data or {})},
        email_kwargs=email_kwargs,
    )
