"""Reminders the day before and an hour before, sent once, by Celery beat."""

import datetime as dt

import pytest
from django.conf import settings

from events import services
from events.models import Event
from events.tasks import send_reminders
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2031, 6, 12, 8, 0, tzinfo=dt.timezone.utc)  # 10:00 in Paris


@pytest.fixture
def booked(community, register):
    """An event on START with one confirmed person, one waiting, one pending."""
    event = EventFactory(community=community, capacity=1)
    Event.objects.filter(pk=event.pk).update(starts_at=START, ends_at=START + dt.timedelta(hours=2))
    event.refresh_from_db()
    confirmed = register(event, UserFactory(display_name="Seat Holder"))
    register(event)
    services.registration_create(event=event, name="Zoé", email="zoe@example.org", consent=True)
    return confirmed


def _run(commit, at: dt.datetime):
    return commit(send_reminders, now=at.isoformat())


def test_the_day_before_only_seat_holders_get_one_reminder(booked, commit, outbox):
    outbox.clear()
    # When beat runs every 5 minutes from 24 h before
    first = _run(commit, START - dt.timedelta(hours=23, minutes=58))
    second = _run(commit, START - dt.timedelta(hours=23, minutes=53))
    # Then one reminder, to the seat holder, with the cancel link
    assert first == {"day": 1, "hour": 0, "thanks": 0}
    assert second == {"day": 0, "hour": 0, "thanks": 0}
    assert len(outbox) == 1
    assert outbox[0].subject.startswith("Tomorrow:") and "Seat Holder" in outbox[0].to[0]
    assert "/events/r/cancel/" in outbox[0].body


def test_an_hour_before_the_second_reminder_goes_once(booked, commit, outbox):
    _run(commit, START - dt.timedelta(hours=20))
    outbox.clear()
    assert _run(commit, START - dt.timedelta(minutes=58))["hour"] == 1
    assert _run(commit, START - dt.timedelta(minutes=53))["hour"] == 0
    assert [m.subject.split(":")[0] for m in outbox] == ["In one hour"]


def test_nothing_is_sent_too_early_after_the_start_or_for_a_cancelled_event(booked, commit,
                                                                          outbox):
    outbox.clear()
    assert _run(commit, START - dt.timedelta(days=2)) == {"day": 0, "hour": 0, "thanks": 0}
    services.event_cancel(event=booked.event, reason="")
    outbox.clear()
    assert _run(commit, START - dt.timedelta(hours=2)) == {"day": 0, "hour": 0, "thanks": 0}
    assert outbox == []


def test_a_late_registration_still_gets_the_reminder_that_is_due(booked, commit, outbox):
    # A person promoted from the waiting list 30 minutes before the start
    _run(commit, START - dt.timedelta(hours=20))
    _run(commit, START - dt.timedelta(minutes=50))
    outbox.clear()
    waiting = booked.event.registrations.get(status="waiting")
    commit(services.registration_cancel, registration=booked)
    outbox.clear()
    assert _run(commit, START - dt.timedelta(minutes=30)) == {"day": 0, "hour": 1, "thanks": 0}
    assert waiting.email in outbox[0].to[0]


def test_a_new_date_brings_new_reminders(booked, commit, outbox, monkeypatch):
    # Given the day-before reminder went out
    assert _run(commit, START - dt.timedelta(hours=20))["day"] == 1
    # When the organiser moves the event a week later (three days before it)
    monkeypatch.setattr("django.utils.timezone.now", lambda: START - dt.timedelta(days=3))
    services.event_update(event=Event.objects.get(pk=booked.event_id),
                          starts_at=START + dt.timedelta(days=7),
                          ends_at=START + dt.timedelta(days=7, hours=2))
    monkeypatch.undo()
    outbox.clear()
    # Then the day before the new date, the reminder goes out again
    assert _run(commit, START + dt.timedelta(days=6, hours=1))["day"] == 1


def test_beat_runs_the_task_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["events-send-reminders"]
    assert entry == {"task": "events.tasks.send_reminders", "schedule": 300.0}
