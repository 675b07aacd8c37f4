"""Creating, changing, publishing and cancelling events."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    start = (timezone.now() + dt.timedelta(days=10)).strftime("%Y-%m-%dT10:00")
    end = (timezone.now() + dt.timedelta(days=10)).strftime("%Y-%m-%dT12:30")
    data = {
        "title": "Fresque de la biodiversité",
        "description": "Trois heures pour comprendre et agir.",
        "starts_at": start, "ends_at": end, "time_zone": "Europe/Paris",
        "format": "in_person", "address": "Maison de la Région, Montpellier",
        "online_url": "", "capacity": "30", "audience": "public",
    }
    data.update(overrides)
    return data


def test_a_gardener_creates_a_draft_then_publishes_it(client, community, pair):
    client.force_login(pair.territory_gardener)
    assert client.get(reverse("events:create")).status_code == 200
    response = client.post(reverse("events:create"), _form(community=community.slug))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.state == "draft" and event.community == community
    assert event.organiser == pair.territory_gardener
    # 10:00 is 10:00 in Paris, whatever the server's zone
    assert timezone.localtime(event.starts_at, event.tz).hour == 10
    client.post(reverse("events:publish", kwargs={"pk": event.pk}))
    assert Event.objects.get().state == "published"


def test_the_event_is_in_the_time_zone_it_takes_place_in(client, community, pair):
    client.force_login(pair.territory_gardener)
    client.post(reverse("events:create"),
                _form(community=community.slug, time_zone="Indian/Reunion"))
    event = Event.objects.get()
    assert event.starts_at.astimezone(dt.timezone.utc).hour == 6  # 10:00 at UTC+4


def test_bad_event_input_shows_errors_and_creates_nothing(client, community, pair):
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:create"), _form(
        community=community.slug, format="online", address="", online_url="",
        ends_at=_form()["starts_at"],
    ))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "online_url" in errors and "ends_at" in errors
    assert not Event.objects.exists()


def test_a_circle_event_needs_circles(client, community, pair):
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:create"),
                           _form(community=community.slug, audience="circles"))
    assert "circles" in response.context["form"].errors
    client.post(reverse("events:create"),
                _form(community=community.slug, audience="circles", circles=["2", "3"]))
    assert Event.objects.get().circles == {2, 3}


def test_a_gardener_cannot_create_for_another_community(client, community, other_community,
                                                        pair):
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:create"), _form(community=other_community.slug))
    assert response.status_code == 400  # not among the choices offered
    assert not Event.objects.exists()


def test_the_cultivator_creates_an_institution_wide_event(client, people):
    client.force_login(people["cultivator"])
    client.post(reverse("events:create"), _form(community="-"))
    assert Event.objects.get().community is None


def test_people_without_a_role_cannot_create(client, people):
    assert client.get(reverse("events:create")).status_code == 302  # log in first
    client.force_login(people["citizen"])
    assert client.get(reverse("events:create")).status_code == 403


def test_changing_the_date_bumps_the_sequence_and_tells_registrants(
    client, event, register, pair, django_capture_on_commit_callbacks, outbox
):
    register(event)
    outbox.clear()
    client.force_login(pair.territory_gardener)
    new_start = timezone.localtime(event.starts_at, event.tz) + dt.timedelta(days=1)
    data = _form(
        title=event.title, description=event.description,
        starts_at=new_start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(new_start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        address=event.address, capacity="10",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:update", kwargs={"pk": event.pk}), data)
    assert response.status_code == 302
    changed = Event.objects.get(pk=event.pk)
    assert changed.sequence == event.sequence + 1
    assert len(outbox) == 1 and outbox[0].subject == f"New date: {event.title}"
    assert "/events/r/cancel/" in outbox[0].body and outbox[0].attachments


def test_a_change_that_calendars_do_not_show_neither_bumps_nor_mails(event, commit, outbox,
                                                                    register):
    register(event)
    outbox.clear()
    changed = commit(services.event_update, event=event, capacity=20)
    assert changed.sequence == event.sequence and outbox == []


def test_fewer_seats_than_people_holding_one_is_refused(event, register):
    register(event)
    register(event)
    with pytest.raises(ValidationError, match="2 people already hold a seat"):
        services.event_update(event=event, capacity=1)
    assert Event.objects.get(pk=event.pk).capacity == 10


def test_more_seats_promote_the_waiting_list(community, register, commit, outbox):
    event = EventFactory(community=community, capacity=1)
    register(event)
    waiting = register(event)
    outbox.clear()
    commit(services.event_update, event=event, capacity=2)
    waiting.refresh_from_db()
    assert waiting.is_confirmed and "seat freed up" in outbox[0].subject


def test_cancelling_an_event_tells_every_registrant(client, community, pair, register,
                                                    django_capture_on_commit_callbacks,
                                                    outbox):
    event = EventFactory(community=community, capacity=1)
    register(event)
    register(event)
    outbox.clear()
    client.force_login(pair.territory_gardener)
    assert client.get(reverse("events:cancel", kwargs={"pk": event.pk})).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel", kwargs={"pk": event.pk}),
                               {"reason": "Salle indisponible."})
    cancelled = Event.objects.get(pk=event.pk)
    assert response.status_code == 302
    assert cancelled.state == "cancelled" and cancelled.sequence == event.sequence + 1
    assert len(outbox) == 2
    assert all("Cancelled" in m.subject and "Salle indisponible." in m.body for m in outbox)
    assert "STATUS:CANCELLED" in outbox[0].attachments[0][1]
    # Cancelling again says so and changes nothing
    response = client.post(reverse("events:cancel", kwargs={"pk": event.pk}), {"reason": ""})
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "This event is already cancelled."
    )


@pytest.mark.parametrize("name", ["update", "cancel", "checkin", "export", "message", "report"])
def test_organiser_pages_refuse_others(client, event, name):
    url = reverse(f"events:{name}", kwargs={"pk": event.pk})
    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(reverse(f"events:{name}", kwargs={"pk": 999999})).status_code == 404


def test_publishing_twice_shows_a_message(client, event, pair):
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:publish", kwargs={"pk": event.pk}))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Only a draft can be published."
    ]


def test_organisers_open_every_tool_page(client, event, register, pair):
    register(event)
    client.force_login(pair.territory_gardener)
    for name in ("detail", "update", "cancel", "checkin", "export", "message", "report"):
        response = client.get(reverse(f"events:{name}", kwargs={"pk": event.pk}))
        assert response.status_code == 200, name
    page = client.get(event.get_absolute_url()).content.decode()
    assert "For the organisers" in page and "1 confirmed" in page


def test_saving_the_form_without_touching_the_dates_tells_nobody(
    client, event, register, pair, django_capture_on_commit_callbacks, outbox
):
    # Given an event whose stored start has seconds (created elsewhere than the form)
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at.replace(second=42))
    register(event)
    outbox.clear()
    client.force_login(pair.territory_gardener)
    form = client.get(reverse("events:update", kwargs={"pk": event.pk})).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["circles"] = []
    data["title"] = "Atelier renommé"
    for name in ("starts_at", "ends_at"):
        data[name] = data[name].strftime("%Y-%m-%dT%H:%M")
    # When the organiser only renames it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:update", kwargs={"pk": event.pk}), data)
    # Then the title changed, calendars update, nobody gets a "new date" e-mail
    assert response.status_code == 302
    changed = Event.objects.get(pk=event.pk)
    assert changed.title == "Atelier renommé" and changed.starts_at.second == 42
    assert changed.sequence == event.sequence + 1
    assert outbox == []
