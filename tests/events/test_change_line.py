"""The notification-centre line of a changed event says what changed and to
what, in the reader's language when they read it (events/templatetags/event_lines.py),
as the e-mail does (tests/events/test_change_email.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from events import services
from events.models import Event
from notifications.models import Notification
from notifications.rendering import render_line, render_text
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

UTC = dt.timezone.utc
SATURDAY = dt.datetime(2027, 5, 15, 12, 0, tzinfo=UTC)  # 14:00 in Paris
SUNDAY = dt.datetime(2027, 5, 16, 8, 0, tzinfo=UTC)  # 10:00 in Paris


@pytest.fixture
def fete(community, pair):
    return EventFactory(community=community, organiser=pair.territory_gardener,
                        title="Fête des semis", starts_at=SATURDAY,
                        ends_at=SATURDAY + dt.timedelta(hours=2),
                        address="Maison de la Région, Montpellier")


@pytest.fixture
def line(fete, register, commit):
    """Register one member, change the event, return their centre's line as text."""

    def _line(**fields):
        member = UserFactory()
        register(fete, member)
        commit(services.event_update, event=fete, **fields)
        notification = Notification.objects.get(recipient=member, kind="event_changed")
        return render_text(notification)

    return _line


def test_a_new_date_is_in_the_line(line):
    assert line(starts_at=SUNDAY, ends_at=SUNDAY + dt.timedelta(hours=2)) == (
        "New date for “Fête des semis”: Sunday 16 May 2027, 10:00 – 12:00 (Europe/Paris).")


def test_a_new_end_alone_is_a_new_date(line):
    assert line(ends_at=SATURDAY + dt.timedelta(days=1)) == (
        "New date for “Fête des semis”: Saturday 15 May 2027, 14:00 – Sunday 16 May 2027, 14:00"
        " (Europe/Paris).")


def test_a_new_time_zone_is_a_new_date_in_that_zone(line):
    assert line(time_zone="Indian/Reunion") == (
        "New date for “Fête des semis”: Saturday 15 May 2027, 16:00 – 18:00 (Indian/Reunion).")


def test_a_new_date_and_place_say_both(line):
    assert line(starts_at=SUNDAY, ends_at=SUNDAY + dt.timedelta(hours=2),
                address="Halle aux grains, Toulouse") == (
        "New date for “Fête des semis”: Sunday 16 May 2027, 10:00 – 12:00 (Europe/Paris)."
        " Its place changes too.")


def test_a_new_address_is_in_the_line(line):
    assert line(address="Halle aux grains, Toulouse") == (
        "New place for “Fête des semis”: Halle aux grains, Toulouse.")


def test_the_line_stores_what_it_shows_and_no_more(fete, register, commit):
    """Old lines are read again whenever the centre is opened: what they store is
    a contract (the format only when it changed, no link ever)."""
    member = UserFactory()
    register(fete, member)
    commit(services.event_update, event=fete, address="Halle aux grains, Toulouse")
    assert Notification.objects.get(recipient=member, kind="event_changed").data == {
        "event": "Fête des semis", "changed": "place",
        "starts_at": "2027-05-15T12:00:00+00:00", "ends_at": "2027-05-15T14:00:00+00:00",
        "time_zone": "Europe/Paris", "address": "Halle aux grains, Toulouse", "format": ""}


@pytest.mark.parametrize("address", ["", "Maison de la Région, Montpellier"])
def test_an_event_going_online_says_so_without_a_room(line, address):
    """Its old address, left in the form, is no place to go any more."""
    assert line(format=Event.Format.ONLINE, address=address,
                online_url="https://visio.example.org/forum") == "“Fête des semis” is now online."


def test_an_event_becoming_hybrid_gives_its_format_and_address(line):
    """The address did not change, but it is where the people in the room go."""
    assert line(format=Event.Format.HYBRID, online_url="https://visio.example.org/forum") == (
        "“Fête des semis” is now hybrid (in person and online): Maison de la Région, Montpellier.")


@pytest.fixture
def webinar(community, pair):
    return EventFactory(community=community, organiser=pair.territory_gardener,
                        title="Webinaire", format=Event.Format.ONLINE, address="",
                        online_url="https://visio.example.org/a")


def test_an_online_event_coming_to_a_room_gives_its_address(webinar, register, commit):
    member = UserFactory()
    register(webinar, member)
    commit(services.event_update, event=webinar, format=Event.Format.IN_PERSON,
           address="Salle des fêtes, Sète", online_url="")
    notification = Notification.objects.get(recipient=member, kind="event_changed")
    assert render_text(notification) == "“Webinaire” is now in person: Salle des fêtes, Sète."


def test_a_new_link_alone_is_announced_without_the_link(webinar, register, commit):
    member = UserFactory()
    register(webinar, member)
    commit(services.event_update, event=webinar, online_url="https://visio.example.org/b")
    notification = Notification.objects.get(recipient=member, kind="event_changed")
    assert render_text(notification) == "“Webinaire” has a new online link."
    assert "visio.example.org" not in str(notification.data)


def test_a_line_written_before_its_dates_were_stored_keeps_the_general_sentence(fete):
    """A notification of an earlier version holds only the event's title; one
    with dates that cannot be read falls back the same way."""
    member = UserFactory()
    for data in ({"event": "Fête des semis"},
                 {"event": "Fête des semis", "changed": "date", "starts_at": "soon",
                  "ends_at": "later", "time_zone": "Europe/Paris"},
                 {"event": "Fête des semis", "changed": "both"},
                 {"event": "Fête des semis", "changed": "place", "format": "by carrier pigeon"}):
        notification = Notification.objects.create(recipient=member, kind="event_changed",
                                                   data=data)
        text = render_text(notification)
        assert text in ("The date or the place of “Fête des semis” changed.",
                        "“Fête des semis” has a new online link."), data
    assert text == "“Fête des semis” has a new online link."


def test_the_title_and_address_are_escaped(community, pair, register, commit):
    event = EventFactory(community=community, organiser=pair.territory_gardener,
                         title="<b>Semis</b>", address="Salle A")
    member = UserFactory()
    register(event, member)
    commit(services.event_update, event=event, address="<img src=x onerror=alert(1)>")
    notification = Notification.objects.get(recipient=member, kind="event_changed")
    html = str(render_line(notification))
    assert "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;Semis&lt;/b&gt;" in html and "&lt;img src=x" in html


def test_a_french_member_reads_the_line_in_french_in_the_centre(fete, register, commit, client):
    member = UserFactory()
    User.objects.filter(pk=member.pk).update(preferred_language="fr")  # past in_english
    member.refresh_from_db()
    register(fete, member)
    commit(services.event_update, event=fete, starts_at=SUNDAY,
           ends_at=SUNDAY + dt.timedelta(hours=2))
    client.force_login(member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert ("Nouvelle date pour « Fête des semis » : dimanche 16 mai 2027, 10:00 – 12:00"
            " (Europe/Paris)." in page)
    with translation.override("fr"):
        notification = Notification.objects.get(recipient=member, kind="event_changed")
        commit(services.event_update, event=fete, format=Event.Format.HYBRID,
               online_url="https://visio.example.org/forum")
        latest = Notification.objects.filter(recipient=member).latest("pk")
        assert latest.pk != notification.pk
        assert render_text(latest) == (
            "Format de « Fête des semis » : désormais hybride (en présentiel et en ligne),"
            " à l’adresse Maison de la Région, Montpellier.")
