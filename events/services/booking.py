"""Booking: what registration_create checks, and its one short transaction.

The event's row lock is the last thing the transaction takes. Everything that
does not depend on the outcome is written before it: the registration's row
and its notification are inserted first (invisible to others until COMMIT),
for the outcome a fresh read of the counters predicts. Then one statement
takes the lock and decides, and COMMIT follows:

- a seat: `seats.seat_take`, the conditional UPDATE of the counter, then
  COMMIT; nothing else runs under the lock;
- a place in line: `SELECT ... FOR UPDATE`, the checks on the fresh row, the
  counters' UPDATE and the registration's position, then COMMIT;
- a citizen without an account (pending, no seat): `SELECT ... FOR UPDATE`
  and the checks, then COMMIT: the lock orders the pending row before or
  after a cancellation of the event, never across it.

When the prediction was wrong (the last seat went meanwhile, a seat freed
up, the event changed), the transaction rolls back to a savepoint taken
before the inserts (their rows, their notification and its e-mail go with
it) and books under the lock as every other seat-changing service does:
lock, fresh row, checks, decision, writes (`_book_locked`). Exactness never
depends on the prediction, only the time the lock is held.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Value
from django.utils.translation import gettext as _

from communities.services import membership_touch
from roles.predicates import circle_of

from .. import kinds
from ..models import Event, Registration
from ._common import _locked_event, _when
from ._tell import tell
from .seats import seat_or_line, seat_take


def check_open(event: Event, now: datetime) -> None:
    if event.is_cancelled:
        raise ValidationError(
            _("This event was cancelled: registrations are closed."), code="cancelled"
        )
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="not_published")
    if now >= event.starts_at:
        raise ValidationError(_("This event has already started."), code="started")
    opens, closes = event.registration_window()
    if opens is not None and now < opens:
        raise ValidationError(
            _("Registration opens on %(date)s.") % {"date": _when(event, opens)}, code="not_open"
        )
    if now >= closes:
        raise ValidationError(
            _("Registration closed on %(date)s.") % {"date": _when(event, closes)}, code="closed"
        )


def check_audience(event: Event, user) -> None:
    if event.is_public:
        return
    circle = circle_of(user, event.community) if user else None
    if circle not in event.circles:
        raise ValidationError(
            _("This event is reserved for the %(circles)s circle(s) of %(community)s.")
            % {"circles": ", ".join(str(c) for c in event.circle_labels()),
               "community": event.community},
            code="audience",
        )


def locked_open_event(pk: int, user, now: datetime) -> Event:
    """The event's row lock, then the checks again on the row as it is now."""
    locked = _locked_event(pk)
    check_open(locked, now)
    check_audience(locked, user)
    return locked


def has_room(event: Event, user, email: str) -> bool:
    """One read, no lock: refuses a person (or an address) already registered,
    and says whether the event has a seat left right now (a prediction)."""
    live = Registration.objects.filter(event_id=OuterRef("pk"), status__in=Registration.LIVE)
    row = (
        Event.objects.filter(pk=event.pk)
        .annotate(
            mine=Exists(live.filter(user=user)) if user is not None else Value(False),
            address_taken=Exists(live.filter(email=email)),
        )
        .values_list("confirmed_count", "capacity", "mine", "address_taken")
        .first()
    )
    if row is None:
        raise ValidationError(_("This event does not exist."), code="no_event")
    confirmed, capacity, mine, address = row
    if mine:
        raise ValidationError(_("You are already registered for this event."), code="duplicate")
    if address:
        raise ValidationError(
            _("This e-mail address is already registered for this event. "
              "Look in your mailbox for our message."),
            code="duplicate",
        )
    return capacity is None or confirmed < capacity


def announce(registration: Registration) -> None:
    """Tell the person what they got (notify: the row now, the e-mail after commit)."""
    event = registration.event
    if registration.is_confirmed:
        tell([registration], kinds.CONFIRMED, event=event)
    elif registration.is_waiting:
        tell([registration], kinds.WAITING, event=event)
    else:
        tell([registration], kinds.CONFIRMATION_REQUEST, event=event)


def _insert(registration: Registration, status: str, *, told: str = "") -> None:
    """The registration's row, with `status`, and its notification: of `told`
    (the outcome predicted), or of the status itself."""
    registration.status = status
    registration.waiting_position = None
    registration.save(force_insert=True)
    registration.status = told or status
    announce(registration)


def _undo(savepoint: str, registration: Registration) -> None:
    """Back to before the inserts: their rows, locks and after-commit e-mails."""
    transaction.savepoint_rollback(savepoint)
    registration.pk = None
    registration._state.adding = True


def _book_locked(event: Event, registration: Registration, now: datetime) -> None:
    """Lock first, then decide on the fresh row, then write: the sure path."""
    locked = locked_open_event(event.pk, registration.user, now)
    seat_or_line(locked, registration)
    locked.save(update_fields=["confirmed_count", "waiting_count", "next_waiting_position"])
    registration.event = locked
    registration.save(force_insert=True)
    announce(registration)


def book(event: Event, registration: Registration, now: datetime, *, room: bool) -> Registration:
    """Write the registration in one transaction whose last statement before
    COMMIT takes the event's lock (see the module). `room`: has_room()'s read."""
    with transaction.atomic():
        user = registration.user
        registration.event = event
        if user is None:
            _insert(registration, Registration.Status.PENDING)
            registration.event = locked_open_event(event.pk, None, now)
            return registration
        registration.confirmed_at = now
        before = transaction.savepoint()
        if room:
            _insert(registration, Registration.Status.CONFIRMED)
            if seat_take(event):
                _touch_after_commit(event, user)
                return registration
        else:
            # A place in line: the row is written pending (nobody sees it
            # before COMMIT) and gets its status with its position, under the lock.
            _insert(registration, Registration.Status.PENDING, told=Registration.Status.WAITING)
            locked = locked_open_event(event.pk, user, now)
            if locked.is_full:
                position = locked.next_waiting_position
                locked.next_waiting_position += 1
                locked.waiting_count += 1
                locked.save(update_fields=["waiting_count", "next_waiting_position"])
                Registration.objects.filter(pk=registration.pk).update(
                    status=Registration.Status.WAITING, waiting_position=position
                )
                registration.waiting_position = position
                registration.event = locked
                _touch_after_commit(locked, user)
                return registration
        _undo(before, registration)
        _book_locked(event, registration, now)
        _touch_after_commit(registration.event, user)
        return registration


def _touch_after_commit(event: Event, user) -> None:
    """The member's activity in the community, after commit: no lock on the
    membership while the event's is held."""
    if event.community_id:
        community = event.community
        transaction.on_commit(
            lambda: membership_touch(community=community, user=user), robust=True
        )
