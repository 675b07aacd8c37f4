"""The e-mails of the events' notification kinds (events/kinds.py).

Each is about one registration: the registrant may have no account, so the
registration itself says where to write (`registration_receiver`), and
`notifications.notify()` sends one copy per registration, after commit.
These classes only render. Every message carries signed links that work
without logging in: one to see the registration (code, QR code, calendar
file) and one to cancel it. Receivers without an account get the message in
the language they registered in.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from notifications.emails import KindEmail
from terreau.emails import Receiver
from terreau.links import absolute as _absolute

from . import kinds, tokens


def registration_receiver(registration) -> Receiver:
    if registration.user_id and registration.user is not None:
        return Receiver.from_user(registration.user, registration=registration)
    return Receiver(
        email=registration.email,
        name=registration.name,
        language=registration.language,
        extra={"registration": registration},
    )


def registration_links(registration) -> dict:
    return {
        "event_url": _absolute(registration.event.get_absolute_url()),
        "view_url": _absolute(
            reverse("events:registration", kwargs={"token": tokens.make(registration, tokens.VIEW)})
        ),
        "cancel_url": _absolute(
            reverse("events:registration_cancel",
                    kwargs={"token": tokens.make(registration, tokens.CANCEL)})
        ),
    }


def _ics_attachment(registration):
    from . import ical

    event = registration.event
    content = ical.event_file(event, with_link=registration.is_confirmed)
    filename = f"{slugify(event.title)[:50] or 'event'}.ics"
    return [(filename, content, "text/calendar; charset=utf-8; method=PUBLISH")]


def when_text(starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str) -> str:
    """"Saturday 3 May 2027, 14:00 – 16:00 (Europe/Paris)", in the active language
    and in the event's own zone; the end's date is written when it is another day."""
    zone = ZoneInfo(time_zone)
    start, end = timezone.localtime(starts_at, zone), timezone.localtime(ends_at, zone)
    end_format = "H:i" if end.date() == start.date() else "l j F Y, H:i"
    return (f"{date_format(start, 'l j F Y, H:i')} – {date_format(end, end_format)}"
            f" ({time_zone})")


class _ToRegistrant(KindEmail):
    """One registrant's copy, as long as their registration is in the right state."""

    model = "events.Registration"

    def is_due(self, registration) -> bool:
        return True

    def receivers(self):
        registration = self.object
        return [registration_receiver(registration)] if self.is_due(registration) else []

    def get_context(self, receiver):
        registration = self.object
        event = registration.event
        return {"registration": registration, "event": event,
                "when": when_text(event.starts_at, event.ends_at, event.time_zone),
                "tagline": event.community.name if event.community_id else "",
                **registration_links(registration)}


class RegistrationConfirmationRequestEmail(_ToRegistrant):
    """Double opt-in: the link that turns a pending registration into a real one."""

    template_base = "events/emails/confirmation_request"

    def is_due(self, registration):
        return registration.is_pending

    def get_context(self, receiver):
        context = super().get_context(receiver)
        context["confirm_url"] = _absolute(
            reverse("events:registration_confirm",
                    kwargs={"token": tokens.make(self.object, tokens.CONFIRM)})
        )
        return context


class RegistrationConfirmedEmail(_ToRegistrant):
    """A seat is yours; the calendar file is attached."""

    template_base = "events/emails/registration_confirmed"

    def is_due(self, registration):
        return registration.is_confirmed

    def get_attachments(self, receiver):
        return _ics_attachment(self.object)


class RegistrationWaitingEmail(_ToRegistrant):
    template_base = "events/emails/registration_waiting"

    def is_due(self, registration):
        return registration.is_waiting

    def get_context(self, receiver):
        from .selectors import waiting_rank

        return {**super().get_context(receiver), "rank": waiting_rank(self.object)}


class RegistrationPromotedEmail(RegistrationConfirmedEmail):
    """Someone cancelled: the first person in line now has a seat."""

    template_base = "events/emails/registration_promoted"


class EventReminderEmail(_ToRegistrant):
    """The day before, and an hour before (kwargs: kind="day" or "hour")."""

    template_base = "events/emails/reminder"

    def is_due(self, registration):
        return registration.is_confirmed and registration.event.is_published


class AttendanceThanksEmail(_ToRegistrant):
    """After the event: thank a person who came, and offer the informed circle."""

    template_base = "events/emails/attendance_thanks"

    def get_context(self, receiver):
        from .selectors import informed_circle_offer

        return {**super().get_context(receiver),
                "offer": informed_circle_offer(self.object)}


def what_changed(event, changes, was: dict | None) -> list[dict]:
    """Each change registrants are told about, as {label, before, after}: the
    date, the format, the place, the link. An e-mail queued without `was` (by an
    earlier version) shows none: the event as it is now is still below."""
    if not was:
        return []
    changes = set(changes or ())
    lines = []
    if changes & kinds.DATE_FIELDS:
        before = when_text(dt.datetime.fromisoformat(was["starts_at"]),
                           dt.datetime.fromisoformat(was["ends_at"]), was["time_zone"])
        lines.append({"label": _("Date"), "before": before,
                      "after": when_text(event.starts_at, event.ends_at, event.time_zone)})
    if "format" in changes:
        lines.append({"label": _("Format"),
                      "before": str(event.Format(was["format"]).label),
                      "after": event.get_format_display()})
    if "address" in changes and event.has_place:
        lines.append({"label": _("Place"), "before": was["address"], "after": event.address})
    if "online_url" in changes and event.has_link:
        lines.append({"label": _("Online link"), "before": "", "after": _("a new link")})
    return lines


class EventChangedEmail(_ToRegistrant):
    """The date or the place changed (kwargs: changes=[field names], was={the
    date and place before}); to each confirmed or waiting registrant: what
    changed, from what to what, and the updated calendar entry."""

    template_base = "events/emails/event_changed"

    def is_due(self, registration):
        return registration.is_confirmed or registration.is_waiting

    def get_context(self, receiver):
        changes = self.kwargs.get("changes") or ()
        return {**super().get_context(receiver), "subject_kind": kinds.change_kind(changes),
                "what_changed": what_changed(self.object.event, changes,
                                             self.kwargs.get("was"))}

    def get_attachments(self, receiver):
        return _ics_attachment(self.object)


class EventCancelledEmail(_ToRegistrant):
    """To each registration the cancellation ended (cancelled by then, so not
    "live" any more)."""

    template_base = "events/emails/event_cancelled"

    def get_attachments(self, receiver):
        # The same UID with STATUS:CANCELLED removes the entry from calendars.
        return _ics_attachment(self.object)


class EventMessageEmail(_ToRegistrant):
    """The organisers write to every registrant (kwargs: message_id)."""

    template_base = "events/emails/message"

    def message(self):
        from .models import EventMessage

        if not hasattr(self, "_message"):
            self._message = EventMessage.objects.filter(pk=self.kwargs.get("message_id")).first()
        return self._message

    def is_due(self, registration):
        live = registration.is_confirmed or registration.is_waiting
        return live and self.message() is not None

    def get_context(self, receiver):
        return {**super().get_context(receiver), "message": self.message()}
