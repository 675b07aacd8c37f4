"""The events list and an event's page never disagree: `visible_events_q`, the
filter every list of events uses (the agenda, a community's events, the
calendar feeds, a letter's event picker), selects exactly the events
`events.view_event` lets a person open, walked over every role and a
catalogue of events in every state, audience and place."""

import itertools

import pytest

from communities.models import Circle
from events.models import Event, EventCoOrganiser
from events.selectors import visible_events_q
from tests.conftest import ROLES
from tests.factories import DirectionFactory, MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

AUDIENCES = {
    "public": {},
    "citizens": {"for_citizens": True},
    "informed": {"for_informed": True},
    "engaged": {"for_engaged": True},
    "informed and engaged": {"for_informed": True, "for_engaged": True},
}
EVERYONE = (*ROLES, "institution_gardener", "organiser", "co_organiser", "agent",
            "member_elsewhere")


@pytest.fixture
def world(people, community, other_community, member_elsewhere):
    organiser = UserFactory(email="organiser@example.org")
    co_organiser = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    agent = UserFactory(email="agent@example.org")
    DirectionFactory(name="Agriculture", slug="agriculture").staff.add(agent)
    events = []
    for place, state, audience in itertools.product(
            (community, other_community), Event.State.values, AUDIENCES):
        flags = AUDIENCES[audience]
        events.append(EventFactory(
            community=place, organiser=organiser, state=state,
            audience=Event.Audience.PUBLIC if not flags else Event.Audience.CIRCLES,
            title=f"{place.slug} {state} {audience}", **flags))
    for state in Event.State.values:
        events.append(EventFactory(community=None, organiser=organiser, state=state,
                                   title=f"institution {state}"))
    # On the team of a draft of one community and a restricted event of the other.
    for title in (f"{community.slug} draft engaged", f"{other_community.slug} published engaged"):
        EventCoOrganiser.objects.create(event=Event.objects.get(title=title), person=co_organiser)
    return {**people, "organiser": organiser, "co_organiser": co_organiser, "agent": agent,
            "member_elsewhere": member_elsewhere, "events": events}


@pytest.mark.parametrize("role", EVERYONE)
def test_a_list_of_events_shows_exactly_what_their_pages_open(world, role):
    user = world[role]

    listed = set(Event.objects.filter(visible_events_q(user)).values_list("title", flat=True))

    opened = {e.title for e in world["events"] if user.has_perm("events.view_event", e)}
    assert listed == opened
    # Each role sees something and misses something, or the walk proves little.
    if role not in ("staff", "organiser"):
        assert 0 < len(opened) < len(world["events"]), role
