"""A council's sessions: events of the events app (councils sits above
events and calls its services; events knows nothing of councils)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services as events
from notifications import services as notifications

from ..models import Council, Session
from ..seats import member_accounts


def session_schedule(*, council: Council, organiser, title: str, starts_at, ends_at,
                     address: str, agenda: str) -> Session:
    """Publish a public session of the council, with its agenda: an event
    without a community (the events app's site-wide events), refused as the
    events app refuses (a past date, an end before the start…). The
    council's seated members with an account are invited (a notification
    each, kind `council_session_scheduled`) and register through the events
    app like anyone."""
    with transaction.atomic():
        agenda = (agenda or "").strip()
        if not agenda:
            raise ValidationError({"agenda": ValidationError(
                _("Write the session's agenda."), code="agenda")})
        event = events.event_create(
            organiser=organiser, community=None, title=title, description=agenda,
            starts_at=starts_at, ends_at=ends_at, address=address,
        )
        event = events.event_publish(event=event, actor=organiser)
        session = Session.objects.create(council=council, event=event, agenda=agenda)
        notifications.notify(
            list(member_accounts(council)), "council_session_scheduled", actor=organiser,
            url=event.get_absolute_url(), data={"council": council.name, "event": event.title},
        )
        return session


def session_minutes(*, session: Session, minutes: str, public: bool = False,
                    now=None) -> Session:
    """Record (or correct) the minutes of a session once it has started:
    read by the council's members and agents, and by everyone if `public`.
    Refused before the session's start, and empty."""
    with transaction.atomic():
        session = Session.objects.select_for_update(of=("self",)).select_related("event").get(
            pk=session.pk)
        now = now or timezone.now()
        if now < session.event.starts_at:
            raise ValidationError({"minutes": ValidationError(
                _("The session has not started yet: its minutes are recorded once "
                  "it has taken place."), code="not_started")})
        minutes = (minutes or "").strip()
        if not minutes:
            raise ValidationError({"minutes": ValidationError(
                _("Write the minutes."), code="empty")})
        session.minutes, session.minutes_public, session.minutes_at = minutes, bool(public), now
        session.save(update_fields=["minutes", "minutes_public", "minutes_at"])
        return session
