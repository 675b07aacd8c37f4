"""E-mails about events and registrations.

Every message to a registrant carries signed links that work without logging
in: one to see the registration (code, QR code, calendar file) and one to
cancel it. Receivers without an account get the message in the language they
registered in.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from terreau.emails import Email, Receiver

from . import tokens


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


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


class _ToRegistrant(Email):
    model = "events.Registration"

    def get_receivers(self):
        return [registration_receiver(self.object)]

    def get_context(self, receiver):
        registration = self.object
        return {"registration": registration, "event": registration.event,
                **registration_links(registration)}


class RegistrationConfirmationRequestEmail(_ToRegistrant):
    """Double opt-in: the link that turns a pending registration into a real one."""

    template_base = "events/emails/confirmation_request"

    def get_receivers(self):
        return [registration_receiver(self.object)] if self.object.is_pending else []

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

    def get_receivers(self):
        return [registration_receiver(self.object)] if self.object.is_confirmed else []

    def get_attachments(self, receiver):
        return _ics_attachment(self.object)


class RegistrationWaitingEmail(_ToRegistrant):
    template_base = "events/emails/registration_waiting"

    def get_receivers(self):
        return [registration_receiver(self.object)] if self.object.is_waiting else []

    def get_context(self, receiver):
        from .selectors import waiting_rank

        return {**super().get_context(receiver), "rank": waiting_rank(self.object)}


class RegistrationPromotedEmail(RegistrationConfirmedEmail):
    """Someone cancelled: the first person in line now has a seat."""

    template_base = "events/emails/registration_promoted"


class EventReminderEmail(_ToRegistrant):
    """The day before, and an hour before (kwargs: kind="day" or "hour")."""

    template_base = "events/emails/reminder"

    def get_receivers(self):
        registration = self.object
        if not registration.is_confirmed or not registration.event.is_published:
            return []
        return [registration_receiver(registration)]


class AttendanceThanksEmail(_ToRegistrant):
    """After the event: thank a person who came, and offer the informed circle."""

    template_base = "events/emails/attendance_thanks"

    def get_context(self, receiver):
        from .selectors import informed_circle_offer

        return {**super().get_context(receiver),
                "offer": informed_circle_offer(self.object)}


class _ToEveryRegistrant(Email):
    """One copy per confirmed or waiting registrant, each with their own links."""

    def get_event(self):
        return self.object

    def get_receivers(self):
        from .selectors import live_registrants

        return [registration_receiver(r) for r in live_registrants(self.get_event())]

    def get_context(self, receiver):
        registration = receiver.extra["registration"]
        return {"registration": registration, "event": self.get_event(),
                **registration_links(registration)}


class EventChangedEmail(_ToEveryRegistrant):
    """The date or the place changed (kwargs: changes=[field names])."""

    model = "events.Event"
    template_base = "events/emails/event_changed"

    def get_attachments(self, receiver):
        return _ics_attachment(receiver.extra["registration"])


class EventCancelledEmail(_ToEveryRegistrant):
    model = "events.Event"
    template_base = "events/emails/event_cancelled"

    def get_attachments(self, receiver):
        # The same UID with STATUS:CANCELLED removes the entry from calendars.
        return _ics_attachment(receiver.extra["registration"])


class EventMessageEmail(_ToEveryRegistrant):
    """The organisers write to every registrant."""

    model = "events.EventMessage"
    template_base = "events/emails/message"

    def get_event(self):
        return self.object.event

    def get_context(self, receiver):
        return {**super().get_context(receiver), "message": self.object}
