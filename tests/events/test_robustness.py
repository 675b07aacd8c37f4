"""Odd input and edge dates: a clear message, never a server error."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from events import selectors, services, tokens
from events.models import Event, Registration
from tests.factories import UserFactory

from .factories import EventFactory
from .test_organising import _form

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The list's date filters --------------------------------------------------------


@pytest.mark.parametrize("query", [{"end": "9999-12-31"}, {"start": "0001-01-01"},
                                   {"start": "0001-01-01", "end": "9999-12-31"}])
def test_a_date_filter_out_of_range_is_ignored_with_a_message(client, event, query):
    response = client.get(reverse("events:list"), query)
    assert response.status_code == 200
    assert b"Choose a date between the years 1900 and 2100." in response.content
    assert list(response.context["events"]) == [event]


def test_the_other_filters_still_apply_next_to_a_bad_date(client, event, community):
    EventFactory(community=community, format=Event.Format.ONLINE,
                 online_url="https://visio.example.org/a")
    response = client.get(reverse("events:list"), {"end": "9999-12-31", "format": "online"})
    assert response.status_code == 200
    assert [e.format for e in response.context["events"]] == ["online"]


# --- Event dates ----------------------------------------------------------------------


@pytest.mark.parametrize("year", [9999, 9998, 1])
def test_an_event_dated_far_away_is_refused(client, community, pair, year):
    client.force_login(pair.territory_gardener)
    response = client.post(reverse("events:create"), _form(
        community=community.slug,
        starts_at=f"{year:04d}-06-01T10:00", ends_at=f"{year:04d}-06-01T12:00",
    ))
    assert response.status_code == 400
    this_year = timezone.localdate().year
    assert response.context["form"].errors["starts_at"] == [
        f"Choose a date between the years {this_year - 1} and {this_year + 10}."
    ]
    assert not Event.objects.exists()


def test_an_event_out_of_range_keeps_its_date_when_edited(client, community, pair):
    """Dated before the rule (or last year's event): other fields stay editable."""
    event = EventFactory(community=community, organiser=pair.territory_gardener,
                         starts_at=timezone.now() + dt.timedelta(days=365 * 12),
                         ends_at=timezone.now() + dt.timedelta(days=365 * 12, hours=2))
    client.force_login(pair.territory_gardener)
    tz = event.tz
    response = client.post(reverse("events:update", kwargs={"pk": event.pk}), _form(
        title="Nouveau titre",
        starts_at=timezone.localtime(event.starts_at, tz).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at, tz).strftime("%Y-%m-%dT%H:%M"),
    ))
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Nouveau titre"


@pytest.mark.parametrize("year", [9998, 9999, 1])
def test_the_feeds_survive_an_event_dated_far_away(client, community, year):
    starts = dt.datetime(year, 6, 1, 10, tzinfo=dt.timezone.utc)
    event = EventFactory(community=community, starts_at=starts,
                         ends_at=starts + dt.timedelta(hours=2))
    for url in (reverse("events:feed"),
                reverse("events:feed_community", kwargs={"slug": community.slug}),
                reverse("events:ics", kwargs={"pk": event.pk})):
        response = client.get(url)
        assert response.status_code == 200, url
    assert event.uid.encode() in client.get(reverse("events:ics",
                                                    kwargs={"pk": event.pk})).content


# --- Check-in -------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["²", "١٢٣٤", "1" * 40])
def test_check_in_refuses_digits_that_are_no_registration(client, event, register, pair, raw):
    register(event)
    client.force_login(pair.territory_gardener)
    url = reverse("events:checkin", kwargs={"pk": event.pk})
    assert client.post(url, {"registration": raw}).status_code == 404
    assert Event.objects.get(pk=event.pk).checked_in_count == 0


def test_a_nul_byte_in_the_check_in_search_is_dropped(client, event, register, pair, settings):
    # The view copes by itself, whatever middleware may answer before it.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "RejectNull" not in m]
    camille = register(event, UserFactory(display_name="Camille Durand"))
    client.force_login(pair.territory_gardener)
    url = reverse("events:checkin", kwargs={"pk": event.pk})
    response = client.get(url, {"q": "cam\x00il"})
    assert response.status_code == 200
    assert [r.pk for r in response.context["people"]] == [camille.pk]
    after = client.post(url, {"registration": camille.pk, "q": "cam\x00il"})
    assert after.status_code == 302 and "%00" not in after["Location"]


# --- Export ---------------------------------------------------------------------------


def test_the_export_neutralises_formulas_in_every_free_text_column(client, event, pair):
    services.registration_create(event=event, name="Zoé", email="=1+1@example.org",
                                 consent=True)
    client.force_login(pair.territory_gardener)
    response = client.get(reverse("events:export", kwargs={"pk": event.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'=1+1@example.org"


def test_the_export_neutralises_a_pipe_and_full_width_leads(client, event, pair):
    services.registration_create(event=event, name="|cmd", email="a@example.org", consent=True)
    services.registration_create(event=event, name="＝1+1", email="b@example.org", consent=True)
    client.force_login(pair.territory_gardener)
    response = client.get(reverse("events:export", kwargs={"pk": event.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["'|cmd", "'＝1+1"]


# --- Confirming after the registration closed --------------------------------------


def test_a_confirmation_after_registration_closed_is_refused(client, event):
    pending = services.registration_create(event=event, name="Zoé", email="zoe@example.org",
                                           consent=True)
    Event.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    confirm = reverse("events:registration_confirm",
                      kwargs={"token": tokens.make(pending, tokens.CONFIRM)})
    response = client.post(confirm)
    assert response.status_code == 400
    assert _messages(response)[0].startswith("Registration closed on ")
    assert Registration.objects.get(pk=pending.pk).status == Registration.Status.PENDING
    assert Event.objects.get(pk=event.pk).confirmed_count == 0


def test_a_confirmation_within_the_window_still_takes_a_seat(client, event):
    pending = services.registration_create(event=event, name="Zoé", email="zoe@example.org",
                                           consent=True)
    Event.objects.filter(pk=event.pk).update(
        registration_closes_at=timezone.now() + dt.timedelta(hours=1)
    )
    confirm = reverse("events:registration_confirm",
                      kwargs={"token": tokens.make(pending, tokens.CONFIRM)})
    assert client.post(confirm).status_code == 302
    assert Registration.objects.get(pk=pending.pk).is_confirmed


# --- The list matches the permission ------------------------------------------------


def test_every_role_lists_exactly_the_events_it_may_see(people, community, other_community,
                                                         pair):
    from tests.factories import DirectionFactory

    agent = UserFactory(email="agent@example.org")
    DirectionFactory(name="Environnement", slug="environnement").staff.add(agent)
    everyone = {**people, "agent": agent}
    events = [
        EventFactory(community=community),
        EventFactory(community=community, state=Event.State.DRAFT),
        EventFactory(community=community, state=Event.State.CANCELLED),
        EventFactory(community=community, audience=Event.Audience.CIRCLES, for_engaged=True),
        EventFactory(community=community, audience=Event.Audience.CIRCLES,
                     for_citizens=True, for_informed=True),
        EventFactory(community=other_community, state=Event.State.DRAFT),
        EventFactory(community=None),
        EventFactory(community=None, state=Event.State.DRAFT),
        EventFactory(community=None, state=Event.State.CANCELLED),
        EventFactory(community=community, state=Event.State.DRAFT,
                     organiser=people["citizen"]),
    ]
    for role, user in everyone.items():
        allowed = {e.pk for e in events if user.has_perm("events.view_event", e)}
        listed = {e.pk for e in selectors.event_list(user=user)}
        assert listed == allowed, role
    # The institution-wide draft is the case the list used to miss.
    draft = events[7]
    assert draft.pk in {e.pk for e in selectors.event_list(user=people["cultivator"])}
    assert draft.pk in {e.pk for e in selectors.event_list(user=agent)}
