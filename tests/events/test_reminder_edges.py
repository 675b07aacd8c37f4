"""Reminders and thanks at their edges (events/services/reminders.py): the
first and last instant of each window, who is never reminded, a flag that
says it was sent, one message per event, and the cost of a run."""

import datetime as dt

import pytest

from events import services
from events.models import Event, Registration
from events.services import reminders
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2031, 6, 12, 8, 0, tzinfo=dt.UTC)
END = START + dt.timedelta(hours=2)
TICK = dt.timedelta(microseconds=1)
HOUR, DAY = dt.timedelta(hours=1), dt.timedelta(days=1)
NONE = {"day": 0, "hour": 0, "thanks": 0}


@pytest.fixture
def told(monkeypatch):
    """What the run hands to `tell`: (kind, event, registrations, data, e-mail options)."""
    calls = []

    def record(registrations, kind, /, *, event, data=None, **email_kwargs):
        calls.append((kind, event.pk, sorted(r.pk for r in registrations), data, email_kwargs))

    monkeypatch.setattr(reminders, "tell", record)
    return calls


def an_event(community) -> Event:
    event = EventFactory(community=community, capacity=None)
    Event.objects.filter(pk=event.pk).update(starts_at=START, ends_at=END)
    event.refresh_from_db()
    return event


def seat(event, **fields) -> Registration:
    registration = services.registration_create(event=event, user=UserFactory())
    assert registration.status == Registration.Status.CONFIRMED
    Registration.objects.filter(pk=registration.pk).update(**fields)
    registration.refresh_from_db()
    return registration


def run(at):
    return services.reminders_send_due(now=at)


# The day before ---------------------------------------------------------------------

@pytest.mark.parametrize(("at", "sent"), [
    (START - DAY - TICK, NONE),
    (START - DAY, {"day": 1, "hour": 0, "thanks": 0}),
    (START - HOUR - TICK, {"day": 1, "hour": 0, "thanks": 0}),
    (START - HOUR, {"day": 0, "hour": 1, "thanks": 0}),
    (START - TICK, {"day": 0, "hour": 1, "thanks": 0}),
    (START, NONE),
])
def test_each_window_opens_and_closes_at_its_instant(community, told, at, sent):
    registration = seat(an_event(community))
    assert run(at) == sent
    kinds = [(kind, data, options) for kind, _e, _r, data, options in told]
    expected = (
        [("event_reminder", {"when": "day"}, {"kind": "day"})] * sent["day"]
        + [("event_reminder", {"when": "hour"}, {"kind": "hour"})] * sent["hour"])
    assert kinds == expected
    registration.refresh_from_db()
    assert (registration.reminder_day_sent_at, registration.reminder_hour_sent_at) == (
        at if sent["day"] else None, at if sent["hour"] else None)


def test_each_reminder_goes_once(community, told):
    registration = seat(an_event(community))
    assert run(START - DAY) == {"day": 1, "hour": 0, "thanks": 0}
    assert run(START - DAY + HOUR) == NONE
    assert run(START - HOUR) == {"day": 0, "hour": 1, "thanks": 0}
    assert run(START - HOUR + TICK) == NONE
    registration.refresh_from_db()
    assert (registration.reminder_day_sent_at, registration.reminder_hour_sent_at) == (
        START - DAY, START - HOUR)
    assert len(told) == 2


def test_a_reminder_claimed_by_another_run_is_not_sent_again(community, told, monkeypatch):
    """Two workers read the same due registration: only the one whose
    conditional update wrote the flag sends it."""
    registration = seat(an_event(community))
    claim = reminders._claim

    def the_other_worker_first(pk, flag, now):
        Registration.objects.filter(pk=pk).update(**{flag: now - HOUR})
        return claim(pk, flag, now)

    monkeypatch.setattr(reminders, "_claim", the_other_worker_first)
    assert run(START - 2 * HOUR) == NONE
    assert told == []
    registration.refresh_from_db()
    assert registration.reminder_day_sent_at == START - 3 * HOUR


@pytest.mark.parametrize("status", [Registration.Status.WAITING, Registration.Status.CANCELLED,
                                    Registration.Status.PENDING])
def test_only_a_confirmed_seat_is_reminded(community, told, status):
    position = 1 if status == Registration.Status.WAITING else None
    seat(an_event(community), status=status, waiting_position=position, checked_in_at=START)
    assert run(START - HOUR) == NONE
    assert run(END) == NONE


@pytest.mark.parametrize("state", [Event.State.CANCELLED, Event.State.DRAFT])
def test_an_event_not_published_reminds_and_thanks_nobody(community, told, state):
    event = an_event(community)
    seat(event, checked_in_at=START)
    Event.objects.filter(pk=event.pk).update(state=state)
    assert run(START - HOUR) == NONE
    assert run(END) == NONE
    assert told == []


# Thanks --------------------------------------------------------------------------------

THANKS_WITHIN = dt.timedelta(days=3)


@pytest.mark.parametrize(("at", "thanked"), [
    (END - TICK, False), (END, True), (END + THANKS_WITHIN - TICK, True),
    (END + THANKS_WITHIN, False),
])
def test_thanks_go_from_the_end_for_three_days(community, told, at, thanked):
    registration = seat(an_event(community), checked_in_at=START)
    assert run(at) == {"day": 0, "hour": 0, "thanks": int(thanked)}
    assert [(kind, data, options) for kind, _e, _r, data, options in told] == (
        [("attendance_thanks", None, {})] if thanked else [])
    registration.refresh_from_db()
    assert registration.thanked_at == (at if thanked else None)


def test_only_people_checked_in_are_thanked_and_once(community, told):
    event = an_event(community)
    came = seat(event, checked_in_at=START)
    seat(event)  # did not come
    assert run(END) == {"day": 0, "hour": 0, "thanks": 1}
    assert run(END + HOUR) == NONE
    assert [(kind, registrations) for kind, _e, registrations, _d, _o in told] == [
        ("attendance_thanks", [came.pk])]


# One message per event -----------------------------------------------------------------

def test_each_event_is_told_once_with_its_own_people(community, told):
    first, second = an_event(community), an_event(community)
    people = {first.pk: sorted([seat(first).pk, seat(first).pk]), second.pk: [seat(second).pk]}
    assert run(START - HOUR) == {"day": 0, "hour": 3, "thanks": 0}
    assert sorted((event, registrations) for _k, event, registrations, _d, _o in told) == sorted(
        people.items())


def test_a_run_grows_by_one_claim_per_person_due_and_no_more(community, told,
                                                             django_assert_num_queries):
    """Three reads of who is due and one load of the claimed (a savepoint
    around them), then one UPDATE per person due: a person reminded
    already is not read again."""
    event = an_event(community)
    seat(event)
    with django_assert_num_queries(2 + 3 + 1 + 1):
        run(START - DAY)
    for _n in range(9):
        seat(event)
    with django_assert_num_queries(2 + 3 + 9 + 1):
        run(START - DAY + HOUR)
    with django_assert_num_queries(2 + 3 + 10 + 1):
        run(START - HOUR)
    Registration.objects.update(checked_in_at=START)
    with django_assert_num_queries(2 + 3 + 10 + 1):
        run(END)
    with django_assert_num_queries(2 + 3):
        run(END + HOUR)


def test_telling_reads_each_person_with_the_registrations(community,
                                                          django_assert_num_queries):
    """With the real notify(): telling one person or four costs the same
    queries but the claims, so no query per person reads who they are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = an_event(community)
    seat(event)
    with CaptureQueriesContext(connection) as one:
        run(START - DAY)
    for _n in range(3):
        seat(event)
    with CaptureQueriesContext(connection) as four:
        run(START - DAY + HOUR)
    assert len(four) == len(one) + 2
