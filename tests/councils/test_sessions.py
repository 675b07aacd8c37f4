"""A council's sessions are public events of the events app, listed on the
council's page (upcoming and past); the council's agent schedules them and
records their minutes once they have started; members are invited and read
the minutes kept for them, everyone reads public ones."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils import services
from councils.models import Session
from events.models import Event
from notifications.models import Notification
from tests.factories import DirectionFactory, UserFactory


def schedule(council, agent, **fields):
    start = timezone.now() + dt.timedelta(days=7)
    values = {"title": "Séance plénière", "starts_at": start,
              "ends_at": start + dt.timedelta(hours=2), "address": "Maison de quartier",
              "agenda": "1. Budget participatif\n2. Questions"}
    return services.session_schedule(council=council, organiser=agent, **{**values, **fields})


def move(session, *, starts_at, hours=2):
    Event.objects.filter(pk=session.event_id).update(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours))
    session.event.refresh_from_db()


@pytest.fixture
def outsider(db):
    user = UserFactory(email="autre.agent@example.org")
    DirectionFactory(slug="culture").staff.add(user)
    return user


def form(**fields):
    return {"title": "Séance plénière", "starts_at": "2031-03-12T18:30",
            "ends_at": "2031-03-12T20:30", "address": "Maison de quartier",
            "agenda": "1. Budget\n2. Questions", **fields}


def test_a_session_is_a_published_public_event_on_the_councils_page(client, council, agent):
    session = schedule(council, agent)
    event = session.event
    assert event.community is None and event.state == Event.State.PUBLISHED
    client.cookies["django_language"] = "en"
    page = client.get("/councils/malakoff/")
    assert "Séance plénière" in page.text and f"/events/{event.pk}/" in page.text
    assert client.get(f"/events/{event.pk}/").status_code == 200


def test_refusals_write_nothing(council, agent):
    with pytest.raises(ValidationError) as error:
        schedule(council, agent, agenda=" ")
    assert error.value.message_dict["agenda"] == ["Write the session's agenda."]
    past = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        schedule(council, agent, starts_at=past, ends_at=past + dt.timedelta(hours=1))
    assert not Event.objects.exists() and not Session.objects.exists()


@pytest.mark.parametrize("minutes", [0, -1])
def test_a_session_that_ends_at_or_before_its_start_is_refused(council, agent, minutes):
    start = timezone.now() + dt.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        schedule(council, agent, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))
    assert error.value.message_dict["ends_at"] == ["The event must end after it starts."]
    assert not Event.objects.exists() and not Session.objects.exists()
    # One minute later is a session.
    schedule(council, agent, starts_at=start, ends_at=start + dt.timedelta(minutes=1))


def test_the_form_says_why_an_end_before_the_start_is_refused(client, council, agent):
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    answer = client.post("/councils/malakoff/sessions/new/", form(ends_at="2031-03-12T18:00"))
    assert answer.status_code == 400
    assert "The event must end after it starts." in answer.text
    assert not Session.objects.exists()


def test_only_the_councils_agent_schedules_and_records_minutes(client, council, agent, outsider,
                                                              member):
    session = schedule(council, agent)
    move(session, starts_at=timezone.now() - dt.timedelta(hours=1))
    minutes = f"/councils/malakoff/sessions/{session.pk}/minutes/"
    assert client.get("/councils/malakoff/sessions/new/").status_code == 302  # to log in
    for person in (outsider, member):  # another direction's agent, a council member
        client.force_login(person)
        assert client.get("/councils/malakoff/sessions/new/").status_code == 403
        assert client.post("/councils/malakoff/sessions/new/", form()).status_code == 403
        assert client.post(minutes, {"minutes": "Rien."}).status_code == 403
        assert "Schedule a session" not in client.get("/councils/malakoff/").text
    assert Session.objects.count() == 1 and Session.objects.get().minutes == ""
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    assert "Schedule a session" in client.get("/councils/malakoff/").text
    answer = client.post("/councils/malakoff/sessions/new/", form(title="Séance de juin"))
    assert answer.status_code == 302
    created = Session.objects.get(event__title="Séance de juin")
    assert created.event.starts_at == dt.datetime(2031, 3, 12, 17, 30, tzinfo=dt.UTC)  # Paris
    assert client.post(minutes, {"minutes": "Adopté."}).status_code == 302


def test_members_with_an_account_are_invited(council, agent, member):
    session = schedule(council, agent)
    [note] = Notification.objects.filter(kind="council_session_scheduled")
    assert note.recipient == member and note.url == session.event.get_absolute_url()


def test_minutes_are_refused_before_the_start_and_accepted_from_it(council, agent):
    session = schedule(council, agent)
    start = session.event.starts_at
    with pytest.raises(ValidationError) as error:
        services.session_minutes(session=session, minutes="Adopté.",
                                 now=start - dt.timedelta(microseconds=1))
    assert "has not started yet" in error.value.messages[0]
    session.refresh_from_db()
    assert session.minutes == "" and session.minutes_at is None
    recorded = services.session_minutes(session=session, minutes="Adopté.", now=start)
    assert recorded.minutes == "Adopté." and recorded.minutes_at == start
    with pytest.raises(ValidationError):
        services.session_minutes(session=session, minutes="  ", now=start)


def test_the_minutes_page_says_the_session_has_not_started(client, council, agent):
    session = schedule(council, agent)
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    answer = client.post(f"/councils/malakoff/sessions/{session.pk}/minutes/",
                         {"minutes": "Adopté."})
    assert answer.status_code == 400 and "has not started yet" in answer.text
    session.refresh_from_db()
    assert session.minutes == ""


def test_minutes_are_read_by_members_and_by_everyone_once_public(client, council, agent, member,
                                                                 outsider):
    upcoming = schedule(council, agent, title="Séance à venir")
    past = schedule(council, agent, title="Séance passée")
    move(past, starts_at=timezone.now() - dt.timedelta(days=3))
    services.session_minutes(session=past, minutes="Le budget est adopté.")
    client.cookies["django_language"] = "en"
    page = client.get("/councils/malakoff/").text
    assert page.index("Upcoming sessions") < page.index("Séance à venir") < page.index(
        "Past sessions") < page.index("Séance passée")
    assert "Le budget est adopté." not in page  # kept for the members
    client.force_login(outsider)
    assert "Le budget est adopté." not in client.get("/councils/malakoff/").text
    for reader in (member, agent):
        client.force_login(reader)
        assert "Le budget est adopté." in client.get("/councils/malakoff/").text
    services.session_minutes(session=past, minutes="Le budget est adopté.", public=True)
    client.logout()
    assert "Le budget est adopté." in client.get("/councils/malakoff/").text
    assert upcoming.minutes == ""


def test_the_councils_page_reads_its_sessions_in_fixed_queries(
        client, council, agent, django_assert_num_queries):
    schedule(council, agent)
    client.get("/councils/malakoff/")  # warm the site's caches
    with CaptureQueriesContext(connection) as one:
        client.get("/councils/malakoff/")
    for n in range(3):
        schedule(council, agent, title=f"Séance {n}")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/councils/malakoff/")
