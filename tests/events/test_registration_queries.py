"""What one registration costs the database, and what runs under the event's lock.

Real transactions (transaction=True): the registration's COMMIT is where the
event's row lock ends. Every statement is recorded in order; when the first
statement that locks the event's row runs (the seat's conditional UPDATE, or
SELECT ... FOR UPDATE), a commit marker is queued with on_commit, so it lands
in the record at the very moment the transaction commits. Between the two is
what a rush waits for, one registration after the other.

Before the redesign (SELECT ... FOR UPDATE first, everything after it) a
member's registration took 8 queries, 7 of them after the lock, plus 4
savepoint statements. Now a seat takes 5, and nothing runs after the lock but
COMMIT; a place in line 7, 2 after the lock (docs/events.md).
"""

import re

import pytest
from celery import current_task
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from communities.models import Membership
from events import services
from events.models import Event, Registration
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)

COMMIT = "-- COMMIT"


class Statements:
    """Every statement of the request's connection, and the commit marker.

    The e-mail task runs in this process in the tests (CELERY_TASK_ALWAYS_EAGER);
    in production the Celery worker runs it: its statements are not counted.
    """

    def __init__(self):
        self.log: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if current_task:  # the e-mail, rendered by the worker in production
            return execute(sql, params, many, context)
        if _locks_the_event(sql) and not any(_locks_the_event(s) for s in self.log):
            transaction.on_commit(lambda: self.log.append(COMMIT))
        self.log.append(sql)
        return execute(sql, params, many, context)

    def queries(self) -> list[str]:
        """The statements, without transaction control (BEGIN, SAVEPOINT, RELEASE)."""
        return [s for s in self.log if s != COMMIT and not _control(s)]

    def under_lock(self) -> list[str]:
        """From the statement that locks the event's row to COMMIT, that one included."""
        start = next(i for i, s in enumerate(self.log) if _locks_the_event(s))
        return self.log[start:self.log.index(COMMIT)]


def _locks_the_event(sql: str) -> bool:
    return sql.startswith('UPDATE "events_event"') or (
        _kind(sql) == "SELECT events_event FOR UPDATE"
        or (_kind(sql) == "SELECT events_event" and not connection.features.has_select_for_update
            and "EXISTS" not in sql)  # SQLite: the whole database is locked at the first write
    )


def _control(sql: str) -> bool:
    return sql == "BEGIN" or "SAVEPOINT" in sql


def _kind(sql: str) -> str:
    """`UPDATE events_event`, `SAVEPOINT`...: what a statement does, and to which table."""
    top = sql
    while (shorter := re.sub(r"\([^()]*\)", "", top)) != top:  # subqueries out
        top = shorter
    words = top.replace('"', "").split()
    verb = words[0]
    if verb in ("SAVEPOINT", "RELEASE", "BEGIN"):
        return "RELEASE SAVEPOINT" if verb == "RELEASE" else verb
    table = words[words.index({"INSERT": "INTO", "UPDATE": "UPDATE"}.get(verb, "FROM")) + 1]
    return f"{verb} {table}" + (" FOR UPDATE" if " FOR UPDATE" in top else "")


def _register(event, user) -> tuple[Registration, Statements]:
    statements = Statements()
    with connection.execute_wrapper(statements):
        registration = services.registration_create(event=event, user=user)
    return registration, statements


@pytest.fixture
def member(community):
    user = UserFactory()
    MembershipFactory(community=community, user=user)
    return user


def test_a_seat_costs_five_queries_and_nothing_after_the_lock(community, member):
    # Given a public event with seats left, as the event page loaded it
    event = Event.objects.select_related("community").get(
        pk=EventFactory(community=community, capacity=2).pk)
    # When a member registers
    registration, statements = _register(event, member)
    # Then: one read without a lock, the row and its notification, the seat
    # (the lock) and COMMIT; the membership's activity after commit
    assert registration.is_confirmed
    assert [_kind(s) for s in statements.queries()] == [
        "SELECT events_event",                # seats left? already registered? (no lock)
        "INSERT events_registration",
        "INSERT notifications_notification",
        "UPDATE events_event",                # the seat, and the lock until COMMIT
        "UPDATE communities_membership",      # after commit
    ]
    assert [_kind(s) for s in statements.under_lock()] == ["UPDATE events_event"]
    assert Notification.objects.get(recipient=member).kind == "registration_confirmed"
    assert Membership.objects.get(community=community, user=member).last_active_at is not None
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_a_place_in_line_costs_seven_queries_two_after_the_lock(community, member):
    # Given a full event, as the event page loaded it
    event = EventFactory(community=community, capacity=1)
    services.registration_create(event=event, user=UserFactory())
    event = Event.objects.select_related("community").get(pk=event.pk)
    # When a member registers
    registration, statements = _register(event, member)
    # Then the row and its notification are written before the lock; under
    # it, the counters and the row's position
    assert registration.is_waiting and registration.waiting_position == 1
    locking = "SELECT events_event" + (
        " FOR UPDATE" if connection.features.has_select_for_update else "")  # SQLite: none
    assert [_kind(s) for s in statements.queries()] == [
        "SELECT events_event",
        "INSERT events_registration",
        "INSERT notifications_notification",
        locking,                              # the lock, until COMMIT
        "UPDATE events_event",
        "UPDATE events_registration",
        "UPDATE communities_membership",      # after commit
    ]
    assert [_kind(s) for s in statements.under_lock()] == [
        locking, "UPDATE events_event", "UPDATE events_registration"]
    assert Notification.objects.get(recipient=member).kind == "registration_waiting"
    row = Registration.objects.get(pk=registration.pk)
    assert (row.status, row.waiting_position) == ("waiting", 1)


def test_a_refusal_takes_no_lock_and_writes_nothing(community, member):
    event = Event.objects.select_related("community").get(
        pk=EventFactory(community=community).pk)
    services.registration_create(event=event, user=member)
    statements = Statements()
    with connection.execute_wrapper(statements), pytest.raises(ValidationError) as refused:
        services.registration_create(event=event, user=member)
    assert refused.value.messages == ["You are already registered for this event."]
    assert [_kind(s) for s in statements.queries()] == ["SELECT events_event"]


def test_an_address_already_registered_is_refused_before_any_lock(community):
    event = Event.objects.select_related("community").get(
        pk=EventFactory(community=community).pk)
    services.registration_create(event=event, name="Zoé", email="zoe@example.org", consent=True)
    statements = Statements()
    with connection.execute_wrapper(statements), pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, name="Zoé M.", email=" Zoe@Example.org ", consent=True)
    assert refused.value.messages == [
        "This e-mail address is already registered for this event. "
        "Look in your mailbox for our message."]
    assert [_kind(s) for s in statements.queries()] == ["SELECT events_event"]
