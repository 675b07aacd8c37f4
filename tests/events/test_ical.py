"""Calendar files and feeds stay in sync with the events (RFC 5545)."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from events import services
from events.models import Event
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _vevents(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def _by_uid(response) -> dict:
    return {str(v["UID"]): v for v in _vevents(response)}


def test_an_event_file_has_its_stable_uid_times_in_its_zone_and_place(client, event):
    (vevent,) = _vevents(client.get(reverse("events:ics", kwargs={"pk": event.pk})))
    assert str(vevent["UID"]) == event.uid
    assert vevent["SEQUENCE"] == event.sequence
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "Hôtel de Région" in str(vevent["LOCATION"])


def test_an_update_keeps_the_uid_and_bumps_the_sequence(client, event):
    before = _by_uid(client.get(reverse("events:ics", kwargs={"pk": event.pk})))[event.uid]
    services.event_update(event=event, title="Atelier déplacé",
                          starts_at=event.starts_at + dt.timedelta(hours=1),
                          ends_at=event.ends_at + dt.timedelta(hours=1))
    after = _by_uid(client.get(reverse("events:ics", kwargs={"pk": event.pk})))[event.uid]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert str(after["SUMMARY"]) == "Atelier déplacé"


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, event):
    services.event_cancel(event=event, reason="Tempête")
    vevent = _by_uid(client.get(reverse("events:feed")))[event.uid]
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == event.sequence + 1


def test_the_public_feed_has_public_published_events_only(client, community, other_community):
    public = EventFactory(community=community)
    institution = EventFactory(community=None)
    EventFactory(community=community, state=Event.State.DRAFT)
    EventFactory(community=community, audience=Event.Audience.CIRCLES, for_engaged=True)
    assert set(_by_uid(client.get(reverse("events:feed")))) == {public.uid, institution.uid}


def test_a_community_feed_has_its_public_events(client, community, other_community):
    here = EventFactory(community=community)
    EventFactory(community=other_community)
    url = reverse("events:feed_community", kwargs={"slug": community.slug})
    assert set(_by_uid(client.get(url))) == {here.uid}
    assert client.get(reverse("events:feed_community", kwargs={"slug": "nope"})).status_code == 404


def test_the_online_link_is_in_the_file_of_registered_people_only(client, community, register):
    event = EventFactory(community=community, format=Event.Format.ONLINE, address="",
                         online_url="https://visio.example.org/room-42")
    url = reverse("events:ics", kwargs={"pk": event.pk})
    assert b"room-42" not in client.get(url).content
    assert b"room-42" not in client.get(reverse("events:feed")).content
    person = UserFactory()
    register(event, person)
    client.force_login(person)
    assert b"room-42" in client.get(url).content.replace(b"\r\n ", b"")


def test_my_private_feed_follows_my_registrations_and_its_address_can_be_reset(
    client, community, register
):
    # Given a person registered to two events, one of which they then cancel
    person = UserFactory()
    kept = EventFactory(community=community)
    dropped = EventFactory(community=community)
    register(kept, person)
    services.registration_cancel(registration=register(dropped, person))
    client.force_login(person)
    client.post(reverse("events:feed_reset"))
    feed_url = client.get(reverse("events:mine")).context["feed_url"]
    # When their calendar application reads the address (no session)
    client.logout()
    events = _by_uid(client.get(feed_url))
    # Then the kept event is confirmed and the dropped one shows as cancelled
    assert events[kept.uid]["STATUS"] == "CONFIRMED"
    assert events[dropped.uid]["STATUS"] == "CANCELLED"
    # When they reset the address, the old one stops working
    client.force_login(person)
    client.post(reverse("events:feed_reset"))
    new_url = client.get(reverse("events:mine")).context["feed_url"]
    client.logout()
    assert new_url != feed_url
    assert client.get(feed_url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_pages_announce_their_calendar(client, event, community):
    pages = {
        reverse("events:detail", kwargs={"pk": event.pk}): reverse("events:ics",
                                                                   kwargs={"pk": event.pk}),
        reverse("events:list"): reverse("events:feed"),
        reverse("events:calendar"): reverse("events:feed"),
        reverse("events:community", kwargs={"slug": community.slug}): reverse(
            "events:feed_community", kwargs={"slug": community.slug}),
    }
    for page, feed in pages.items():
        content = client.get(page).content.decode()
        head = content.split("</head>")[0]
        assert 'rel="alternate" type="text/calendar"' in head and f'href="{feed}"' in head, page
