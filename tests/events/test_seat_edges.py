"""The seat counter and the line (events/services/seats.py) where its first
mutation run found them unpinned: a seat is counted on its own event only,
a stale "there is room" never oversells, a freed seat goes to this event's
line only, and an event made unlimited seats its whole line."""

import pytest

from events import services
from events.models import Event, Registration
from events.models.events import new_uid

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def twin(event: Event) -> Event:
    """Another event with every field the fast seat UPDATE compares equal."""
    other = Event.objects.get(pk=event.pk)
    other.pk = None
    other.title, other.uid = f"{event.title} (bis)", new_uid()
    other.save()
    return other


def counts(event: Event) -> tuple[int, int]:
    event.refresh_from_db()
    return event.confirmed_count, event.waiting_count


def test_a_seat_is_counted_on_its_own_event_only(community, register):
    event = EventFactory(community=community, capacity=5)
    other = twin(event)
    register(event)
    assert counts(event) == (1, 0)
    assert counts(other) == (0, 0)


def test_room_seen_before_the_last_seat_went_puts_the_person_in_line(
        community, register, stale_room_read):
    event = EventFactory(community=community, capacity=1)
    register(event)
    stale_room_read()
    late = register(event)
    assert (late.status, late.waiting_position) == (Registration.Status.WAITING, 1)
    assert counts(event) == (1, 1)


def test_a_freed_seat_goes_to_this_events_line_only(community, register):
    event = EventFactory(community=community, capacity=1)
    other = EventFactory(community=community, capacity=1)
    holder = register(event)
    first_in_line = register(event)
    second_in_line = register(event)  # position 2 once the first leaves
    services.registration_cancel(registration=first_in_line)
    register(other)
    waiting_elsewhere = register(other)  # position 1 of the other event's line

    services.registration_cancel(registration=holder)

    second_in_line.refresh_from_db()
    waiting_elsewhere.refresh_from_db()
    assert second_in_line.status == Registration.Status.CONFIRMED
    assert (waiting_elsewhere.status, waiting_elsewhere.waiting_position) == (
        Registration.Status.WAITING, 1)
    assert counts(other) == (1, 1)


def test_an_event_made_unlimited_seats_its_whole_line_in_order(community, register):
    event = EventFactory(community=community, capacity=1)
    register(event)
    line = [register(event) for _ in range(3)]

    services.event_update(event=event, capacity=None)

    assert counts(event) == (4, 0)
    assert set(Registration.objects.filter(pk__in=[r.pk for r in line])
               .values_list("status", "waiting_position")) == {(Registration.Status.CONFIRMED, None)}

