"""Seats are never oversold, whatever the number of simultaneous registrations.

Real threads, each with its own PostgreSQL connection, released together by
a barrier. The server shares max_connections (100 by default) with other
test runs, so at most CONNECTIONS threads hold a connection at once; the 300
registrations still race for the same event row.
"""

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from events import services, tokens
from events.models import Event, Registration
from events.services._common import _locked_event
from tests.concurrency import race
from tests.factories import CommunityFactory, UserFactory

from .factories import EventFactory

PEOPLE = 300
SEATS = 50
CONNECTIONS = 40


def _outcome(call):
    """The status call() left its registration in, or its refusal as (code,
    message): never a bare code, which could read as a status ("cancelled")."""
    try:
        return call().status
    except ValidationError as refusal:
        return (refusal.code, refusal.messages[0])


def _register(event_pk, user):
    """user registers, with the event as their page read it."""
    event = Event.objects.select_related("community").get(pk=event_pk)
    return _outcome(lambda: services.registration_create(event=event, user=user))


def _cancel(registration):
    return _outcome(lambda: services.registration_cancel(registration=registration))


def _all_register(event_pk, users):
    """Each user registers at the same moment: the outcomes, in finishing order."""
    return race(*[lambda u=user: _register(event_pk, u) for user in users],
                connections=CONNECTIONS)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_300_simultaneous_members_for_50_seats(postgres):
    # Given an event with 50 seats and 300 people
    event = EventFactory(community=CommunityFactory(), capacity=SEATS)
    users = [UserFactory(verified=False) for _ in range(PEOPLE)]
    # When they all register at the same moment
    outcomes = _all_register(event.pk, users)
    # Then exactly 50 hold a seat and 250 wait in a line numbered 1..250
    assert Counter(outcomes) == {"confirmed": SEATS, "waiting": PEOPLE - SEATS}
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status="confirmed").count() == SEATS
    waiting = sorted(rows.filter(status="waiting").values_list("waiting_position", flat=True))
    assert waiting == list(range(1, PEOPLE - SEATS + 1))
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count) == (SEATS, PEOPLE - SEATS)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_300_simultaneous_duplicates_register_once(postgres):
    # Given one person clicking "register" from 300 tabs at once
    event = EventFactory(community=CommunityFactory(), capacity=5)
    user = UserFactory(verified=False)
    # When
    outcomes = _all_register(event.pk, [user] * PEOPLE)
    # Then one registration, one seat, 299 times the same clear refusal
    assert Counter(outcomes) == {
        "confirmed": 1, ("duplicate", "You are already registered for this event."): PEOPLE - 1}
    event.refresh_from_db()
    assert event.confirmed_count == 1 == Registration.objects.filter(event=event).count()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_300_simultaneous_registrations_to_a_closed_event_change_nothing(postgres):
    # Given an event whose registration closed a minute ago
    event = EventFactory(community=CommunityFactory(), capacity=SEATS,
                         registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    # When 300 people register at once
    outcomes = _all_register(event.pk, [UserFactory() for _ in range(PEOPLE)])
    # Then each reads why, and nothing is written
    assert {code for code, _message in outcomes} == {"closed"} and len(outcomes) == PEOPLE
    assert all(message.startswith("Registration closed on ") for _code, message in outcomes)
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count, event.next_waiting_position) == (0, 0, 1)
    assert not Registration.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_300_simultaneous_members_for_a_full_event_queue_in_order(postgres):
    # Given an event whose 50 seats are taken
    event = EventFactory(community=CommunityFactory(), capacity=SEATS)
    for _ in range(SEATS):
        services.registration_create(event=event, user=UserFactory())
    # When 300 more people register at once
    outcomes = _all_register(event.pk, [UserFactory() for _ in range(PEOPLE)])
    # Then nobody gets a seat: 300 places in line, numbered 1..300
    assert outcomes == ["waiting"] * PEOPLE
    waiting = sorted(Registration.objects.filter(event=event, status="waiting")
                     .values_list("waiting_position", flat=True))
    assert waiting == list(range(1, PEOPLE + 1))
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count) == (SEATS, PEOPLE)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_cancellations_in_a_rush_promote_the_line_in_its_order(postgres):
    # Given 10 seats taken and 20 people in line
    event = EventFactory(community=CommunityFactory(), capacity=10)
    holders = [services.registration_create(event=event, user=UserFactory()) for _ in range(10)]
    line = [services.registration_create(event=event, user=UserFactory()) for _ in range(20)]
    newcomers = [UserFactory() for _ in range(50)]
    # When the 10 holders cancel while 50 newcomers register, all at once
    outcomes = race(
        *[lambda r=r: _cancel(r) for r in holders],
        *[lambda u=u: _register(event.pk, u) for u in newcomers],
        connections=CONNECTIONS,
    )
    # Then the seats went to the first 10 in line, and every newcomer waits behind the rest
    assert Counter(outcomes) == {"cancelled": 10, "waiting": 50}
    rows = Registration.objects.filter(event=event)
    assert set(rows.filter(status="confirmed").values_list("pk", flat=True)) == {
        r.pk for r in line[:10]}
    behind = rows.filter(status="waiting").order_by("waiting_position")
    assert [r.pk for r in behind[:10]] == [r.pk for r in line[10:]]
    assert {r.user_id for r in behind[10:]} == {u.pk for u in newcomers}
    positions = list(behind.values_list("waiting_position", flat=True))
    assert positions == sorted(set(positions)) and len(positions) == 60
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count) == (10, 60)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_seats_freed_in_a_rush_are_never_left_empty_while_people_wait(postgres):
    # Given 10 seats taken and nobody in line
    event = EventFactory(community=CommunityFactory(), capacity=10)
    holders = [services.registration_create(event=event, user=UserFactory()) for _ in range(10)]
    newcomers = [UserFactory() for _ in range(60)]
    # When the holders cancel while 60 newcomers, told "full" by their read, register
    outcomes = race(
        *[lambda r=r: _cancel(r) for r in holders],
        *[lambda u=u: _register(event.pk, u) for u in newcomers],
        connections=CONNECTIONS,
    )
    # Then the 10 seats are taken again (directly, or promoted from the line
    # by a later cancellation) and the other 50 wait, each at their own place
    assert outcomes.count("cancelled") == 10 and len(outcomes) == 70
    assert set(outcomes) <= {"cancelled", "confirmed", "waiting"}  # nobody was refused
    rows = Registration.objects.filter(event=event, user__in=newcomers)
    assert rows.filter(status="confirmed").count() == 10
    waiting = list(rows.filter(status="waiting").values_list("waiting_position", flat=True))
    assert len(set(waiting)) == len(waiting) == 50
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count) == (10, 50)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_event_cancelled_in_a_rush_keeps_no_registration(postgres):
    # Given an event with 50 seats
    community = CommunityFactory()
    event = EventFactory(community=community, capacity=SEATS)
    organiser = UserFactory()

    def cancel_event():
        services.event_cancel(event=Event.objects.get(pk=event.pk), actor=organiser)
        return "the event is cancelled"

    # When 100 people register while the organiser cancels the event
    everything = race(
        cancel_event,
        *[lambda u=u: _register(event.pk, u) for u in [UserFactory() for _ in range(100)]],
        connections=CONNECTIONS,
    )
    assert everything.count("the event is cancelled") == 1 and len(everything) == 101
    outcomes = [o for o in everything if o != "the event is cancelled"]
    # Then every registration taken before the cancellation ended with it, every
    # later one was refused with the reason, and no seat is counted
    # (a place in line taken before the cancellation is as legitimate as a
    # seat: how many of each depends on when the cancellation got the lock)
    statuses_and_codes = {o if isinstance(o, str) else o[0] for o in outcomes}
    assert statuses_and_codes <= {"confirmed", "waiting", "cancelled"}
    assert outcomes.count("confirmed") <= SEATS
    assert not Registration.objects.filter(event=event, status__in=Registration.LIVE).exists()
    assert Registration.objects.count() == outcomes.count("confirmed") + outcomes.count("waiting")
    event.refresh_from_db()
    assert (event.state, event.confirmed_count, event.waiting_count) == ("cancelled", 0, 0)


# --- What the lock serialises, and in which order (docs/events.md) ---------------------


class _EventLockHolder:
    """A second connection, in a thread, that holds an event's row lock (taken
    as the services take it) until released."""

    def __init__(self, event_pk, *, then=None):
        self.event_pk = event_pk
        self.then = then  # done under the lock, committed on release
        self.holding = threading.Event()
        self.release = threading.Event()
        self.errors = []
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        try:
            with transaction.atomic():
                _locked_event(self.event_pk)
                if self.then:
                    self.then()
                self.holding.set()
                self.release.wait(timeout=60)
        except Exception as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.holding.wait(timeout=30), self.errors
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive() and self.errors == []


def _with_lock_timeout(timeout: str, fn):
    """Run fn in a transaction that gives up waiting for a row lock after `timeout`."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{timeout}'")
        return fn()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_registrations_to_different_events_do_not_wait_for_each_other(postgres):
    community = CommunityFactory()
    a, b = EventFactory(community=community), EventFactory(community=community)
    first, second = UserFactory(), UserFactory()
    with _EventLockHolder(a.pk):
        # The lock is real: a registration to event A cannot get it...
        with pytest.raises(OperationalError, match="lock timeout"):
            _with_lock_timeout(
                "200ms", lambda: services.registration_create(event=a, user=first)
            )
        # ...while a registration to event B completes (it would fail after
        # 20 s of waiting if it queued behind A's lock).
        registration = _with_lock_timeout(
            "20s", lambda: services.registration_create(event=b, user=second)
        )
        assert registration.is_confirmed
    assert not Registration.objects.filter(event=a).exists()
    assert Event.objects.get(pk=b.pk).confirmed_count == 1


def _wait_until_waiting_for_a_lock(pid: int) -> None:
    with connection.cursor() as cursor:
        for _ in range(600):  # at most 30 s
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
    pytest.fail(f"backend {pid} never waited for a lock")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("service", ["confirm", "cancel"])
def test_services_lock_the_event_before_the_registration(postgres, service):
    # Given a pending registration, and its event locked by another transaction
    event = EventFactory(community=CommunityFactory())
    pending = services.registration_create(
        event=event, name="Zoé", email="zoe@example.org", consent=True
    )
    calls = {
        "confirm": lambda: services.registration_confirm(
            token=tokens.make(pending, tokens.CONFIRM)),
        "cancel": lambda: services.registration_cancel(registration=pending),
    }
    outcome, backend = [], []

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend.append(cursor.fetchone()[0])
            outcome.append(calls[service]().status)
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcome.append(error)
        finally:
            connection.close()

    with _EventLockHolder(event.pk):
        worker = threading.Thread(target=run)
        worker.start()
        while not backend and worker.is_alive():
            worker.join(timeout=0.05)
        # When the service waits for the event's lock
        _wait_until_waiting_for_a_lock(backend[0])
        # Then it holds no lock on the registration yet: taking locks in the
        # other order is what lets two services deadlock.
        table = Registration._meta.db_table
        with transaction.atomic():
            rows = Registration.objects.raw(
                f"SELECT id FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pending.pk]
            )
            assert [row.pk for row in rows] == [pending.pk]
    worker.join(timeout=30)
    assert outcome == [{"confirm": "confirmed", "cancel": "cancelled"}[service]]


def _in_thread(fn):
    """Run fn in a thread with its own connection: (thread, its backend's pid, outcome)."""
    backend, outcome = [], []

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend.append(cursor.fetchone()[0])
            outcome.append(fn())
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    while not backend and thread.is_alive():
        thread.join(timeout=0.05)
    return thread, backend[0], outcome


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_seat_freed_while_waiting_for_the_lock_is_taken_not_left_empty(postgres):
    # Given a full event (1 seat) with nobody in line, whose only holder is
    # cancelling in a transaction that holds the event's lock
    event = EventFactory(community=CommunityFactory(), capacity=1)
    holder = services.registration_create(event=event, user=UserFactory())
    newcomer = UserFactory()
    cancelling = _EventLockHolder(
        event.pk, then=lambda: services.registration_cancel(registration=holder))
    with cancelling:
        # When a newcomer registers: the event reads full (the cancellation is
        # not committed), so a place in line is prepared, and the lock awaited
        thread, pid, outcome = _in_thread(lambda: services.registration_create(
            event=Event.objects.select_related("community").get(pk=event.pk), user=newcomer))
        _wait_until_waiting_for_a_lock(pid)
    thread.join(timeout=30)
    # Then, the seat freed meanwhile, the newcomer gets it instead of a place in line
    [registration] = outcome
    assert registration.is_confirmed and registration.waiting_position is None
    event.refresh_from_db()
    assert (event.confirmed_count, event.waiting_count) == (1, 0)
    assert Registration.objects.get(user=newcomer).status == "confirmed"
