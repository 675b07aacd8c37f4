"""The role matrix of every events permission."""

import pytest

from events.models import Event
from tests.conftest import ROLES
from tests.factories import DirectionFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

ALL = set(ROLES) | {"agent"}
ORGANISER_TOOLS = (
    "events.change_event", "events.publish_event", "events.cancel_event",
    "events.view_registrants", "events.checkin_registration", "events.export_registrants",
    "events.message_registrants", "events.report_event",
)


@pytest.fixture
def everyone(people):
    """The shared matrix plus an agent of a (non-coordinating) direction."""
    agent = UserFactory(email="agent@example.org")
    DirectionFactory(name="Environnement", slug="environnement").staff.add(agent)
    return {**people, "agent": agent}


def _allowed(everyone, perm, obj):
    return {role for role in ALL if everyone[role].has_perm(perm, obj)}


def test_who_creates_events_for_a_community(everyone, community):
    assert _allowed(everyone, "events.add_event", community) == {"gardener", "staff"}


def test_who_creates_institution_wide_events(everyone):
    assert _allowed(everyone, "events.add_event", None) == {"cultivator", "agent", "staff"}


def test_everyone_sees_and_may_register_for_a_public_event(everyone, community, pair):
    event = EventFactory(community=community, organiser=pair.territory_gardener)
    assert _allowed(everyone, "events.view_event", event) == ALL
    assert _allowed(everyone, "events.register_event", event) == ALL


def test_a_circle_restricted_event_is_for_its_circles_and_its_gardeners(everyone, community):
    event = EventFactory(
        community=community, audience=Event.Audience.CIRCLES, for_informed=True, for_engaged=True
    )
    expected = {"informed", "engaged", "gardener", "staff"}
    assert _allowed(everyone, "events.view_event", event) == expected
    assert _allowed(everyone, "events.register_event", event) == expected


def test_a_draft_is_seen_by_its_organisers_only(everyone, community):
    event = EventFactory(community=community, state=Event.State.DRAFT)
    assert _allowed(everyone, "events.view_event", event) == {"gardener", "staff"}


@pytest.mark.parametrize("perm", ORGANISER_TOOLS)
def test_the_gardeners_run_their_community_events(everyone, community, perm):
    event = EventFactory(community=community)
    assert _allowed(everyone, perm, event) == {"gardener", "staff"}


@pytest.mark.parametrize("perm", ORGANISER_TOOLS)
def test_the_cultivator_and_agents_run_institution_wide_events(everyone, perm):
    event = EventFactory(community=None)
    assert _allowed(everyone, perm, event) == {"cultivator", "agent", "staff"}


def test_the_organiser_runs_their_own_event_even_without_a_role(everyone, community):
    organiser = UserFactory()
    event = EventFactory(community=community, organiser=organiser)
    assert all(organiser.has_perm(perm, event) for perm in ORGANISER_TOOLS)


def test_my_registrations_need_an_account(everyone):
    assert _allowed(everyone, "events.view_mine", None) == ALL - {"anonymous"}
