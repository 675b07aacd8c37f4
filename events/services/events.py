"""Creating, changing, publishing and cancelling events; the report; messages."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Circle, Community

from .. import kinds
from ..models import Event, EventMessage, Registration
from ..selectors import live_registrants
from ._common import _locked_event
from ._tell import tell
from .announcing import announce
from .seats import promote_waiting as _promote_waiting

# Fields a calendar shows: a change to one of them bumps SEQUENCE.
CALENDAR_FIELDS = (
    "title", "description", "starts_at", "ends_at", "time_zone", "format", "address", "online_url",
)
# Changes registrants are told about by e-mail (kinds.change_kind names which).
DATE_OR_PLACE_FIELDS = kinds.DATE_FIELDS | kinds.PLACE_FIELDS
# What the e-mail of a change shows as it was (the old link is not worth sending).
WAS_FIELDS = ("starts_at", "ends_at", "time_zone", "format", "address")
EDITABLE_FIELDS = (
    *CALENDAR_FIELDS,
    "capacity", "registration_opens_at", "registration_closes_at", "audience", "working_group",
)

def _set_circles(event: Event, circles) -> None:
    """The circles are nested: an event for a circle is also for the closer ones
    (an event for the informed circle is for the informed and the engaged)."""
    chosen = set()
    for circle in circles or ():
        try:
            chosen.add(Circle(int(circle)))
        except (TypeError, ValueError):
            raise ValidationError({"circles": ValidationError(
                _("Choose among the three circles."), code="bad_circle")}) from None
    if chosen:
        chosen |= {circle for circle in Circle if circle >= min(chosen)}
    event.for_citizens = Circle.CITIZENS in chosen
    event.for_informed = Circle.INFORMED in chosen
    event.for_engaged = Circle.ENGAGED in chosen


def _validate_event(event: Event) -> None:
    """Every problem at once, each on its field with its code."""
    errors: dict[str, ValidationError] = {}

    def refuse(field: str, message: str, code: str) -> None:
        errors[field] = ValidationError(message, code=code)

    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        refuse("ends_at", _("The event must end after it starts."), "end_before_start")
    if event.has_place and not event.address.strip():
        refuse("address", _("Give the address of an event that takes place in person."),
               "required")
    if event.has_link:
        if not event.online_url.strip():
            refuse("online_url", _("Give the link of an event that takes place online."),
                   "required")
        else:
            try:
                URLValidator(schemes=["https", "http"])(event.online_url)
            except ValidationError:
                refuse("online_url", _("Enter a complete link, starting with https://."),
                       "bad_url")
    if event.capacity is not None and event.capacity < 1:
        refuse("capacity", _("Offer at least one seat, or leave the field empty for no limit."),
               "min_value")
    elif event.capacity is not None and event.capacity < event.confirmed_count:
        refuse("capacity", _(
            "%(count)s people already hold a seat: the event cannot have fewer seats."
        ) % {"count": event.confirmed_count}, "below_seats_held")
    if event.audience == Event.Audience.CIRCLES:
        if event.community_id is None:
            refuse("audience", _(
                "An institution-wide event is open to everyone: circles belong to a community."
            ), "no_community")
        elif not event.circles:
            refuse("circles", _("Choose at least one circle the event is open to."), "required")
    else:
        event.for_citizens = event.for_informed = event.for_engaged = False
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes <= opens:
        refuse("registration_closes_at", _("Registration must close after it opens."),
               "closes_before_opens")
    if closes and event.starts_at and closes > event.starts_at:
        refuse("registration_closes_at",
               _("Registration must close by the start of the event."), "closes_after_start")
    group = event.working_group
    if group is not None and (group.community_id != event.community_id or group.archived_at):
        refuse("working_group", _("Choose an active working group of the event's community."),
               "bad_group")
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["organiser", "community"])  # the model's own, with their codes


def _require_future(event: Event) -> None:
    if event.starts_at <= timezone.now():
        raise ValidationError({"starts_at": ValidationError(
            _("The event must start in the future."), code="in_the_past")})


def event_create(
    *,
    organiser,
    community: Community | None,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "Europe/Paris",
    format: str = Event.Format.IN_PERSON,
    address: str = "",
    online_url: str = "",
    capacity: int | None = None,
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    audience: str = Event.Audience.PUBLIC,
    circles=(),
    working_group=None,
) -> Event:
    """A new event, in draft: nobody but its organisers sees it until published."""
    with transaction.atomic():
        event = Event(
            community=community,
            working_group=working_group,
            organiser=organiser,
            title=title.strip(),
            description=description.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            format=format,
            address=address.strip(),
            online_url=online_url.strip(),
            capacity=capacity,
            registration_opens_at=registration_opens_at,
            registration_closes_at=registration_closes_at,
            audience=audience,
        )
        _set_circles(event, circles)
        _validate_event(event)
        _require_future(event)
        event.save()
        return event


def event_update(*, event: Event, actor=None, circles=None, **fields) -> Event:
    """Change an event. Calendars pick the change up (SEQUENCE + 1); registrants
    are told by e-mail when the date or the place changes, with what it was."""
    with transaction.atomic():
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise TypeError(f"event_update() cannot change {sorted(unknown)}")
        locked = _locked_event(event.pk)
        if locked.is_cancelled:
            raise ValidationError(_("A cancelled event cannot be changed."), code="cancelled")
        before = {name: getattr(locked, name) for name in (*EDITABLE_FIELDS, "for_citizens",
                                                           "for_informed", "for_engaged")}
        for name, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            setattr(locked, name, value)
        if circles is not None:
            _set_circles(locked, circles)
        _validate_event(locked)
        changed = {name for name, value in before.items() if getattr(locked, name) != value}
        if not changed:
            return locked
        if "starts_at" in changed:
            _require_future(locked)
        if changed & set(CALENDAR_FIELDS):
            locked.sequence += 1
        if changed & {"starts_at", "ends_at"}:
            # New dates, new reminders.
            locked.registrations.update(reminder_day_sent_at=None, reminder_hour_sent_at=None)
        locked.save()
        _promote_waiting(locked)
        moved = sorted(changed & DATE_OR_PLACE_FIELDS)
        if locked.is_published and moved:
            tell(live_registrants(locked), kinds.CHANGED, event=locked,
                 data=_changed_line(locked, moved), changes=moved, was=_was(before))
        if locked.is_published and changed & {"audience", "for_citizens", "for_informed",
                                               "for_engaged"}:
            # Circles added to a published event: their members learn of it, once.
            announce(locked, actor=actor)
        return locked


def _changed_line(event: Event, moved: list[str]) -> dict[str, str]:
    """What the centre's line of a change shows, as JSON: which of date and place
    changed, the new dates, the address when the place or the format changed and
    there is a room, the format when it changed; the sentence is written in the
    reader's language when the line is read (events/templatetags/event_lines.py)."""
    place_moved = "address" in moved or "format" in moved
    return {
        "changed": kinds.change_kind(moved),
        "starts_at": event.starts_at.isoformat(), "ends_at": event.ends_at.isoformat(),
        "time_zone": event.time_zone,
        "address": event.address if place_moved and event.has_place else "",
        "format": event.format if "format" in moved else "",
    }


def _was(before: dict) -> dict[str, str]:
    """The date and place as they were, as text: the e-mail's task takes JSON."""
    return {name: before[name].isoformat() if hasattr(before[name], "isoformat")
            else before[name] for name in WAS_FIELDS}


def event_publish(*, event: Event, actor=None) -> Event:
    with transaction.atomic():
        locked = _locked_event(event.pk)
        if locked.state != Event.State.DRAFT:
            raise ValidationError(_("Only a draft can be published."), code="not_draft")
        _validate_event(locked)
        _require_future(locked)
        locked.state = Event.State.PUBLISHED
        locked.published_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["state", "published_at", "sequence", "updated_at"])
        announce(locked, actor=actor)
        return locked


def event_cancel(*, event: Event, actor=None, reason: str = "") -> Event:
    """Cancel an event, and with it every live registration: seats and places
    in line end, nobody can confirm or be promoted any more. Every confirmed
    and waiting registrant is told (pending ones never confirmed their address);
    feeds carry STATUS:CANCELLED with the next SEQUENCE."""
    with transaction.atomic():
        locked = _locked_event(event.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This event is already cancelled."), code="cancelled")
        if locked.is_over():
            raise ValidationError(_("This event has already taken place."), code="over")
        was_published = locked.is_published
        now = timezone.now()
        live = locked.registrations.filter(status__in=Registration.LIVE)
        told = list(
            live.filter(status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITING))
            .order_by("pk").values_list("pk", flat=True)
        )
        live.update(status=Registration.Status.CANCELLED, waiting_position=None, cancelled_at=now)
        locked.confirmed_count = locked.waiting_count = 0
        locked.state = Event.State.CANCELLED
        locked.cancelled_at = now
        locked.cancellation_reason = reason.strip()
        locked.sequence += 1
        locked.save(update_fields=[
            "state", "cancelled_at", "cancellation_reason", "sequence", "updated_at",
            "confirmed_count", "waiting_count",
        ])
        if was_published and told:
            ended = (Registration.objects.filter(pk__in=told).select_related("user")
                     .order_by("name", "id"))
            tell(ended, kinds.CANCELLED, event=locked)
        return locked


def event_report_publish(
    *, event: Event, actor=None, summary: str, attendance: int | None = None, follow_ups: str = ""
) -> Event:
    """After the event, tell what happened ("rendre compte")."""
    with transaction.atomic():
        locked = _locked_event(event.pk)
        if not locked.is_published:
            raise ValidationError(
                _("Only an event that took place can have a report."), code="not_published"
            )
        if not locked.is_over() and locked.starts_at > timezone.now():
            raise ValidationError(
                _("The report is written after the event has started."), code="not_yet"
            )
        if not summary.strip():
            raise ValidationError({"report_summary": ValidationError(
                _("Say in a few words what happened."), code="required")})
        if attendance is not None and attendance < 0:
            raise ValidationError({"report_attendance": ValidationError(
                _("Attendance cannot be negative."), code="min_value")})
        locked.report_summary = summary.strip()
        locked.report_follow_ups = follow_ups.strip()
        locked.report_attendance = locked.checked_in_count if attendance is None else attendance
        locked.report_published_at = locked.report_published_at or timezone.now()
        locked.save(update_fields=[
            "report_summary", "report_follow_ups", "report_attendance", "report_published_at",
            "updated_at",
        ])
        return locked


def event_message_send(*, event: Event, author, subject: str, body: str) -> EventMessage:
    """One message to every confirmed and waiting registrant. The event is
    read again under its lock: a cancellation committed meanwhile is seen,
    and one under way waits for the message (its registrants are told of
    both, in order)."""
    with transaction.atomic():
        if not subject.strip() or not body.strip():
            raise ValidationError(_("Write a subject and a message."), code="empty_message")
        locked = _locked_event(event.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This event is cancelled."), code="cancelled")
        message = EventMessage.objects.create(
            event=locked, author=author, subject=subject.strip(), body=body.strip()
        )
        tell(live_registrants(locked), kinds.MESSAGE, event=locked,
             data={"subject": message.subject}, message_id=message.pk)
        return message
