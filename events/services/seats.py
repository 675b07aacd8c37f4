"""Who holds a seat, who waits: the counters on the event row, and the line.

A seat is taken in one statement. `seat_take` is a conditional UPDATE of the
event's counter:

    UPDATE events_event SET confirmed_count = confirmed_count + 1
     WHERE id = %s AND (capacity IS NULL OR confirmed_count < capacity)
       AND <the row still says what the caller checked>

PostgreSQL takes the row lock for the UPDATE and evaluates the condition on
the latest committed row (READ COMMITTED re-checks it after waiting), so the
seat is counted only if there is one; the lock is then held until COMMIT,
which booking.book issues next. When no row matches (the event is full, or it
changed since the caller read it: closed, cancelled, new dates, other
circles), the caller takes the lock with `SELECT ... FOR UPDATE`, checks again
on the fresh row and decides with `seat_or_line`, as every other
seat-changing service does.

Either way, every change to who holds a seat runs under the event's row
lock, taken before any registration row is locked (docs/events.md), and the
check constraint `event_never_oversold` backs the count.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone

from .. import kinds
from ..models import Event, Registration
from ._tell import tell

# What registration_create checks on the event it was given (open? for whom?).
# The fast UPDATE applies only if the row still holds these values: a change
# committed since (a cancellation, a closing date, other circles) sends the
# registration down the locked path, which checks again on the fresh row.
CHECKED_FIELDS = (
    "state", "published_at", "starts_at", "registration_opens_at", "registration_closes_at",
    "audience", "for_citizens", "for_informed", "for_engaged", "community_id",
)

HAS_ROOM = Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity"))


def seat_take(event: Event) -> bool:
    """Count one more seat on the event if it has room and is unchanged since
    `event` was read. True: the seat is ours, and the row lock is held until
    the transaction ends. False: nothing was written (no lock kept)."""
    unchanged = {name: getattr(event, name) for name in CHECKED_FIELDS}
    return bool(
        Event.objects.filter(HAS_ROOM, pk=event.pk, **unchanged)
        .update(confirmed_count=F("confirmed_count") + 1)
    )


def seat_or_line(event: Event, registration: Registration) -> None:
    """Give the registration a seat, or the next place in line (in memory: the
    caller saves both). The event is locked."""
    if event.capacity is None or event.confirmed_count < event.capacity:
        registration.status = Registration.Status.CONFIRMED
        registration.waiting_position = None
        event.confirmed_count += 1
    else:
        registration.status = Registration.Status.WAITING
        registration.waiting_position = event.next_waiting_position
        event.next_waiting_position += 1
        event.waiting_count += 1


def promote_waiting(event: Event, *, save: bool = True) -> list[Registration]:
    """Seats freed: the first people in line get them, in order, and are told.

    The event is locked (so nobody joins or leaves the line meanwhile) and its
    counters in memory are current. Two queries whatever the number promoted
    (the line's head, locked, then one UPDATE), and the counters' UPDATE
    unless the caller saves them itself (`save=False`).
    """
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - event.confirmed_count
        if free <= 0:
            return []
    if not event.waiting_count:
        return []
    line = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(event=event, status=Registration.Status.WAITING)
        .order_by("waiting_position")
    )
    promoted = list(line if free is None else line[:free])
    if not promoted:
        return []
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Registration.Status.CONFIRMED, waiting_position=None, confirmed_at=now
    )
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.waiting_position = None
        registration.confirmed_at = now
        registration.event = event
    event.confirmed_count += len(promoted)
    event.waiting_count = max(event.waiting_count - len(promoted), 0)
    if save:
        event.save(update_fields=["confirmed_count", "waiting_count"])
    tell(promoted, kinds.PROMOTED, event=event)
    return promoted
