"""A council's sessions: events of the events app (councils sits above
events and calls its services; events knows nothing of councils)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events import services as events

from ..models import Council, Session


@transaction.atomic
def session_schedule(*, council: Council, organiser, title: str, starts_at, ends_at,
                     address: str, agenda: str) -> Session:
    """Publish a public session of the council, with its agenda: an event
    without a community (the events app's site-wide events), refused as the
    events app refuses (a past date, an end before the start…)."""
    agenda = (agenda or "").strip()
    if not agenda:
        raise ValidationError({"agenda": [_("Write the session's agenda.")]}, code="agenda")
    event = events.event_create(
        organiser=organiser, community=None, title=title, description=agenda,
        starts_at=starts_at, ends_at=ends_at, address=address,
    )
    event = events.event_publish(event=event, actor=organiser)
    return Session.objects.create(council=council, event=event, agenda=agenda)


@transaction.atomic
def session_minutes(*, session: Session, minutes: str) -> Session:
    """Record the minutes of a session that has taken place."""
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    if not session.event.is_over():
        raise ValidationError(_("Minutes are recorded once the session is over."),
                              code="not_over")
    session.minutes = (minutes or "").strip()
    session.save(update_fields=["minutes"])
    return session
