"""Seats are never oversold, whatever the number of simultaneous registrations.

Real threads, each with its own PostgreSQL connection, released together by
a barrier. The server shares max_connections (100 by default) with other
test runs, so at most CONNECTIONS threads hold a connection at once; the 300
registrations still race for the same event row.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events import services
from events.models import Event, Registration
from tests.factories import CommunityFactory, UserFactory

from .factories import EventFactory

PEOPLE = 300
SEATS = 50
CONNECTIONS = 40


def _race(event_pk, users, register):
    barrier = threading.Barrier(len(users))
    gate = threading.BoundedSemaphore(CONNECTIONS)
    errors = []

    def run(user):
        try:
            barrier.wait()
            with gate:
                try:
                    register(Event.objects.get(pk=event_pk), user)
                finally:
                    connection.close()  # this thread's own connection
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_300_simultaneous_members_for_50_seats(postgres):
    # Given an event with 50 seats and 300 people
    event = EventFactory(community=CommunityFactory(), capacity=SEATS)
    users = [UserFactory(verified=False) for _ in range(PEOPLE)]
    # When they all register at the same moment
    errors = _race(
        event.pk, users, lambda e, u: services.registration_create(event=e, user=u)
    )
    # Then exactly 50 hold a seat and 250 wait in a line numbered 1..250
    assert errors == []
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status="confirmed").count() == SEATS
    waiting = sorted(rows.filter(status="waiting").values_list("waiting_position", flat=True))
    assert waiting == list(range(1, PEOPLE - SEATS + 1))
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count) == (SEATS, PEOPLE - SEATS)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_simultaneous_duplicates_register_once(postgres):
    # Given one person clicking "register" from many tabs at once
    event = EventFactory(community=CommunityFactory(), capacity=5)
    user = UserFactory(verified=False)
    outcomes = []

    def register(e, u):
        try:
            outcomes.append(services.registration_create(event=e, user=u).status)
        except ValidationError:
            outcomes.append("refused")

    # When
    errors = _race(event.pk, [user] * 20, register)
    # Then one registration, one seat, nineteen clear refusals
    assert errors == []
    assert sorted(outcomes) == ["confirmed"] + ["refused"] * 19
    event.refresh_from_db()
    assert event.confirmed_count == 1 == Registration.objects.filter(event=event).count()
