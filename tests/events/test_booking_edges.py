"""The booking transaction's edges (events/services/booking.py) that its
first mutation run found unpinned: each refusal in words, a registration
elsewhere is no duplicate, a full members-only event still lines its
members up, a seat is dated, a booking counts as the member's activity and
leaves the event's calendar date alone, and a booking stands (and the page
says so) when marking that activity fails after the commit."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle, Membership
from events import services
from events.models import Event, Registration
from events.services._common import _when
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - dt.timedelta(days=30)


def refused(event, user=None):
    with pytest.raises(ValidationError) as error:
        services.registration_create(event=event, user=user or UserFactory())
    return error.value.code, error.value.messages[0]


def test_each_refusal_of_an_event_not_open_says_why(community):
    draft = EventFactory(community=community, state=Event.State.DRAFT, published_at=None)
    assert refused(draft) == ("not_published", "This event is not open for registration.")
    started = EventFactory(community=community)
    Event.objects.filter(pk=started.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    started.refresh_from_db()
    assert refused(started) == ("started", "This event has already started.")
    opens = timezone.now() + dt.timedelta(days=2)
    later = EventFactory(community=community, registration_opens_at=opens)
    assert refused(later) == ("not_open", f"Registration opens on {_when(later, opens)}.")
    closes = timezone.now() - dt.timedelta(hours=1)
    closed = EventFactory(community=community, registration_closes_at=closes)
    assert refused(closed) == ("closed", f"Registration closed on {_when(closed, closes)}.")
    assert not Registration.objects.exists()


def test_a_deleted_event_and_a_second_registration_say_why(community, register):
    event = EventFactory(community=community)
    person = register(event).user
    assert refused(event, person) == ("duplicate", "You are already registered for this event.")
    gone = EventFactory(community=community)
    Event.objects.filter(pk=gone.pk).delete()
    assert refused(gone) == ("no_event", "This event does not exist.")


def test_a_registration_for_another_event_is_no_duplicate(community, register):
    first, second = EventFactory(community=community), EventFactory(community=community)
    person = register(first).user
    assert register(second, person).status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("stale", [False, True], ids=["fresh read", "stale read"])
def test_a_full_event_for_engaged_members_lines_its_members_up(
        community, register, stale_room_read, stale):
    event = EventFactory(community=community, capacity=1, audience=Event.Audience.CIRCLES,
                         for_engaged=True)
    engaged = [MembershipFactory(community=community, circle=Circle.ENGAGED).user
               for _ in range(2)]
    register(event, engaged[0])
    if stale:
        stale_room_read()
    assert register(event, engaged[1]).status == Registration.Status.WAITING


def test_a_seat_is_dated_when_it_is_given(community, register):
    before = timezone.now()
    registration = register(EventFactory(community=community))
    registration.refresh_from_db()
    assert registration.confirmed_at is not None and registration.confirmed_at >= before


@pytest.mark.parametrize("path", ["seat", "line", "line after a stale read"])
def test_registering_counts_as_activity_in_that_community_only(
        community, other_community, register, stale_room_read, path):
    event = EventFactory(community=community, capacity=0 if path != "seat" else 5)
    member = MembershipFactory(community=community, circle=Circle.INFORMED).user
    MembershipFactory(community=other_community, user=member)
    Membership.objects.update(last_active_at=LONG_AGO)
    if path == "line after a stale read":
        stale_room_read()
    register(event, member)
    assert list(Membership.objects.filter(last_active_at__gt=LONG_AGO)
                .values_list("community", "user")) == [(community.pk, member.pk)]


def test_a_booking_leaves_the_events_calendar_date_alone(community, register, stale_room_read):
    event = EventFactory(community=community, capacity=1)
    register(event)
    stamped = Event.objects.get(pk=event.pk).updated_at
    register(event)  # a place in line
    stale_room_read()
    register(event)  # a place in line after a stale read, under the lock
    assert Event.objects.get(pk=event.pk).updated_at == stamped


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["seat", "line", "line after a stale read"])
def test_a_booking_stands_when_marking_the_activity_fails_after_commit(
        client, community, monkeypatch, stale_room_read, caplog, path):
    # Given a member whose activity cannot be marked (the membership row is
    # locked for too long, the database drops the connection...)
    from events.services import booking

    def fails(**kwargs):
        raise DatabaseError("lock timeout")

    monkeypatch.setattr(booking, "membership_touch", fails)
    event = EventFactory(community=community, capacity=0 if path != "seat" else 5)
    member = MembershipFactory(community=community, circle=Circle.INFORMED).user
    if path == "line after a stale read":
        stale_room_read()
    client.force_login(member)

    # When they register through the page, the transaction commits for real
    response = client.post(reverse("events:register", kwargs={"pk": event.pk}))

    # Then the page says what they got, the booking stands, and the failure is logged
    assert response.status_code == 302
    words = "your seat is booked" if path == "seat" else "waiting list"
    assert words in str(next(iter(get_messages(response.wsgi_request))))
    expected = Registration.Status.CONFIRMED if path == "seat" else Registration.Status.WAITING
    assert Registration.objects.get(event=event, user=member).status == expected
    assert "lock timeout" in caplog.text
