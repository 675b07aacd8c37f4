"""The edges of a council's sessions (councils/services/sessions.py) that
tests/councils/test_sessions.py did not pin: each refusal in its words, code
and field, what a session stores and its invitation carries, and the minutes
as recorded, corrected and made public."""

import datetime as dt

import pytest
from django.utils import timezone

from councils import services
from councils.models import Session
from events.models import Event
from notifications.models import Notification
from tests.refusals import refusals

from .test_sessions import schedule

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("agenda", [" ", None])
def test_a_session_without_an_agenda_is_refused_in_words_on_its_field(council, agent, agenda):
    assert refusals(lambda: schedule(council, agent, agenda=agenda)) == [
        ("agenda", "Write the session's agenda.", "agenda")]
    assert not Event.objects.exists() and not Session.objects.exists()


def test_a_session_stores_its_agenda_trimmed_and_invites_with_its_names(council, agent, member):
    session = schedule(council, agent, agenda="  1. Budget\n2. Questions  ", title="Plénière")
    session.refresh_from_db()
    event = session.event
    assert (session.council, session.agenda, event.description, event.title, event.organiser,
            event.community, event.state) == (
        council, "1. Budget\n2. Questions", "1. Budget\n2. Questions", "Plénière", agent, None,
        Event.State.PUBLISHED)
    [invitation] = Notification.objects.filter(kind="council_session_scheduled")
    assert (invitation.actor, invitation.data) == (
        agent, {"council": "Conseil citoyen de Malakoff", "event": "Plénière"})


@pytest.fixture
def started(council, agent):
    session = schedule(council, agent)
    return session, session.event.starts_at


def test_minutes_before_the_start_are_refused_in_words_on_their_field(started):
    session, start = started
    assert refusals(lambda: services.session_minutes(
        session=session, minutes="Adopté.", now=start - dt.timedelta(microseconds=1))) == [
        ("minutes", ("The session has not started yet: its minutes are recorded once it has "
                     "taken place."), "not_started")]


@pytest.mark.parametrize("minutes", [" ", None])
def test_empty_minutes_are_refused_in_words_on_their_field(started, minutes):
    session, start = started
    assert refusals(lambda: services.session_minutes(session=session, minutes=minutes,
                                                     now=start)) == [
        ("minutes", "Write the minutes.", "empty")]
    session.refresh_from_db()
    assert (session.minutes, session.minutes_at) == ("", None)


def test_minutes_are_recorded_trimmed_kept_for_members_then_corrected_and_made_public(
        started):
    session, start = started
    services.session_minutes(session=session, minutes="  Adopté à l'unanimité.  ", now=start)
    session.refresh_from_db()
    assert (session.minutes, session.minutes_public, session.minutes_at) == (
        "Adopté à l'unanimité.", False, start)
    later = start + dt.timedelta(days=2)
    services.session_minutes(session=session, minutes="Adopté (12 voix).", public="on",
                             now=later)
    session.refresh_from_db()
    assert (session.minutes, session.minutes_public, session.minutes_at) == (
        "Adopté (12 voix).", True, later)


def test_minutes_without_a_given_time_are_dated_now(started, monkeypatch):
    session, start = started
    moment = start + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    services.session_minutes(session=session, minutes="Adopté.")
    session.refresh_from_db()
    assert session.minutes_at == moment
