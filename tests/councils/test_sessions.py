"""A council's sessions are public events of the events app, listed on the
council's page; minutes once the session is over."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils import services
from events.models import Event


def schedule(council, agent, **fields):
    start = timezone.now() + dt.timedelta(days=7)
    values = {"title": "Séance plénière", "starts_at": start,
              "ends_at": start + dt.timedelta(hours=2), "address": "Maison de quartier",
              "agenda": "1. Budget participatif\n2. Questions"}
    return services.session_schedule(council=council, organiser=agent, **{**values, **fields})


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
    assert not Event.objects.exists()


def test_minutes_wait_for_the_end_of_the_session(council, agent):
    session = schedule(council, agent)
    with pytest.raises(ValidationError):
        services.session_minutes(session=session, minutes="Adopté.")
    Event.objects.filter(pk=session.event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=1))
    assert services.session_minutes(session=session, minutes="Adopté.").minutes == "Adopté."
