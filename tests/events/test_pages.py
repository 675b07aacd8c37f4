"""Lists, the calendar and the event page, as visitors and members see them."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from events.models import Event
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [e.title for e in response.context["events"]]


# --- The list ---------------------------------------------------------------------


def test_the_list_shows_upcoming_events_a_visitor_may_see(client, community):
    soon = EventFactory(community=community, title="Soon")
    later = EventFactory(
        community=community, title="Later",
        starts_at=timezone.now() + dt.timedelta(days=30),
        ends_at=timezone.now() + dt.timedelta(days=30, hours=2),
    )
    EventFactory(community=community, title="Draft", state=Event.State.DRAFT)
    EventFactory(community=community, title="Engaged only", audience=Event.Audience.CIRCLES,
                 for_engaged=True)
    EventFactory(community=community, title="Past",
                 starts_at=timezone.now() - dt.timedelta(days=2),
                 ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=1))
    response = client.get(reverse("events:list"))
    assert response.status_code == 200
    assert _titles(response) == [soon.title, later.title]
    assert b'type="text/calendar"' in response.content


def test_a_member_of_the_circle_sees_its_restricted_events_in_the_list(client, community):
    EventFactory(community=community, title="Engaged only", audience=Event.Audience.CIRCLES,
                 for_engaged=True)
    engaged = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    client.force_login(citizen)
    assert _titles(client.get(reverse("events:list"))) == []
    client.force_login(engaged)
    assert _titles(client.get(reverse("events:list"))) == ["Engaged only"]


def test_the_list_filters_by_community_format_and_dates(client, community, other_community):
    in_a_week = timezone.now() + dt.timedelta(days=7)
    EventFactory(community=community, title="Here in person")
    EventFactory(community=other_community, title="There online", format=Event.Format.ONLINE,
                 address="", online_url="https://visio.example.org/x")
    EventFactory(community=community, title="Next month",
                 starts_at=in_a_week + dt.timedelta(days=30),
                 ends_at=in_a_week + dt.timedelta(days=30, hours=1))
    url = reverse("events:list")
    assert _titles(client.get(url, {"community": other_community.slug})) == ["There online"]
    assert _titles(client.get(url, {"format": "online"})) == ["There online"]
    day = in_a_week.date()
    assert sorted(_titles(client.get(url, {"start": day - dt.timedelta(days=1),
                                           "end": day + dt.timedelta(days=1)}))) == [
        "Here in person", "There online"]
    # Nonsense filters are ignored, not an error
    assert client.get(url, {"start": "yesterday", "format": "zeppelin"}).status_code == 200


def test_a_community_has_its_own_list_and_feed(client, community, other_community):
    EventFactory(community=community, title="Here")
    EventFactory(community=other_community, title="There")
    response = client.get(reverse("events:community", kwargs={"slug": community.slug}))
    assert _titles(response) == ["Here"]
    feed = reverse("events:feed_community", kwargs={"slug": community.slug})
    assert f'type="text/calendar" title="Calendar feed" href="{feed}"'.encode() in re.sub(
        rb"title=\"[^\"]*\"", b'title="Calendar feed"', response.content)
    assert client.get(reverse("events:community", kwargs={"slug": "nope"})).status_code == 404


def test_the_list_is_paginated(client, community):
    for n in range(23):
        EventFactory(community=community, starts_at=timezone.now() + dt.timedelta(days=1, hours=n),
                     ends_at=timezone.now() + dt.timedelta(days=1, hours=n + 1))
    first = client.get(reverse("events:list"))
    second = client.get(reverse("events:list"), {"page": 2})
    assert len(first.context["events"]) == 20 and len(second.context["events"]) == 3
    assert client.get(reverse("events:list"), {"page": "999"}).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_list_costs_the_same_queries_for_3_or_15_events(
    client, community, django_assert_num_queries, signed_in
):
    """Anonymous: count + the page of events + the communities of the filter (3).
    Signed in, add the session, the user, the memberships (circles) and the
    gardened communities (both cached for the request), and whatever the
    navigation of base.html asks: the same number whatever the events."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    EventFactory.create_batch(3, community=community)
    if signed_in:
        client.force_login(member)
    url = reverse("events:list")
    client.get(url)  # warm up what is cached per process (content types...)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(url).context["events"]) == 3
    EventFactory.create_batch(6, community=community)
    EventFactory.create_batch(6, community=CommunityFactory())
    with django_assert_num_queries(len(small)):
        assert len(client.get(url).context["events"]) == 15
    if not signed_in:
        assert len(small) == 3


# --- The month calendar -----------------------------------------------------------


def test_the_calendar_shows_the_month_with_its_events(client, community):
    start = timezone.localtime().replace(year=2031, month=3, day=12, hour=18, minute=30)
    EventFactory(community=community, title="Soirée", starts_at=start,
                 ends_at=start + dt.timedelta(hours=2))
    response = client.get(reverse("events:calendar_month", kwargs={"year": 2031, "month": 3}))
    assert response.status_code == 200
    weeks = response.context["weeks"]
    days = {day: events for week in weeks for day, events in week}
    assert [e.title for e in days[dt.date(2031, 3, 12)]] == ["Soirée"]
    assert days[dt.date(2031, 3, 13)] == []
    content = response.content.decode()
    assert reverse("events:calendar_month", kwargs={"year": 2031, "month": 2}) in content
    assert reverse("events:calendar_month", kwargs={"year": 2031, "month": 4}) in content
    assert "18:30 Soirée" in content


def test_a_month_that_does_not_exist_is_a_404(client, db):
    url = reverse("events:calendar_month", kwargs={"year": 2031, "month": 13})
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:calendar")).status_code == 200


# --- The event page ---------------------------------------------------------------


def test_the_event_page_shows_seats_left_address_and_its_calendar_file(client, event):
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "10 seats left" in content
    assert "Hôtel de Région" in content
    ics = reverse("events:ics", kwargs={"pk": event.pk})
    assert '<link rel="alternate" type="text/calendar"' in content and ics in content
    # Anonymous: the form with name, e-mail and the explicit consent box
    assert 'name="consent"' in content and 'name="email"' in content


def test_the_online_link_is_shown_to_registered_people_only(client, community, register):
    event = EventFactory(community=community, format=Event.Format.HYBRID,
                         online_url="https://visio.example.org/secret-room")
    person = UserFactory()
    client.force_login(person)
    assert b"secret-room" not in client.get(event.get_absolute_url()).content
    register(event, person)
    assert b"secret-room" in client.get(event.get_absolute_url()).content


def test_organisers_see_the_registrants_others_do_not(client, event, register, pair):
    register(event, UserFactory(display_name="Camille Registered"))
    client.force_login(UserFactory())
    assert b"Camille Registered" not in client.get(event.get_absolute_url()).content
    client.force_login(pair.territory_gardener)
    assert b"Camille Registered" in client.get(event.get_absolute_url()).content


def test_a_restricted_event_sends_visitors_to_log_in_and_refuses_other_circles(
    client, community
):
    event = EventFactory(community=community, audience=Event.Audience.CIRCLES, for_engaged=True)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(MembershipFactory(community=community, circle=Circle.CITIZENS).user)
    assert client.get(event.get_absolute_url()).status_code == 403


def test_an_unknown_event_is_a_404(client, db):
    assert client.get(reverse("events:detail", kwargs={"pk": 999999})).status_code == 404
    assert client.get(reverse("events:ics", kwargs={"pk": 999999})).status_code == 404


def test_a_full_event_offers_the_waiting_list(client, community, register):
    event = EventFactory(community=community, capacity=1)
    register(event)
    client.force_login(UserFactory())
    content = client.get(event.get_absolute_url()).content.decode()
    assert "Join the waiting list" in content


def test_the_calendar_community_list_and_my_registrations_cost_constant_queries(
    client, community, register, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = MembershipFactory(community=community, circle=Circle.INFORMED).user
    client.force_login(person)
    today = timezone.localdate()
    pages = [
        reverse("events:calendar_month", kwargs={"year": today.year, "month": today.month}),
        reverse("events:community", kwargs={"slug": community.slug}),
        reverse("events:mine"),
    ]

    def add_events(n):
        for _ in range(n):
            soon = timezone.now() + dt.timedelta(hours=2)
            register(EventFactory(community=community, starts_at=soon,
                                  ends_at=soon + dt.timedelta(hours=1)), person)

    add_events(2)
    counts = {}
    for url in pages:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    add_events(7)
    for url in pages:
        with django_assert_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200
