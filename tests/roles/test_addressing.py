"""Whom a person may reach on an institution's behalf (roles.predicates.can_address):
the rule and the querysets that offer the choice in forms say the same thing,
for every role of the matrix."""

import datetime as dt

import pytest

from communities.addressing import addressable_communities
from communities.models import Community
from councils import services as councils
from councils.models import Council
from councils.selectors import managed_councils
from roles.predicates import can_address
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "gardener", "institution_gardener", "other_gardener",
         "cultivator", "staff", "agent"]


def _council(direction, slug):
    return councils.council_create(
        name=f"Conseil {slug}", slug=slug, territory="Nantes", direction=direction,
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 6)], sub_areas=["Nord"])


@pytest.fixture
def world(people, community):
    """An agent of `community`'s direction who tends nothing, a community and a
    council of another direction."""
    agent = UserFactory(email="agent@example.org")
    community.direction.staff.add(agent)
    elsewhere = DirectionFactory()
    CommunityFactory(name="Mobilités", direction=elsewhere)
    _council(community.direction, "ours")
    _council(elsewhere, "theirs")
    return {**people, "agent": agent}


@pytest.mark.parametrize("role", ROLES)
def test_the_communities_offered_are_the_ones_the_rule_lets_reach(world, role):
    user = world[role]
    expected = {c.pk for c in Community.objects.all() if can_address.test(user, c)}
    assert {c.pk for c in addressable_communities(user)} == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_councils_offered_are_the_ones_the_person_runs(world, role):
    user = world[role]
    expected = {c.pk for c in Council.objects.all() if user.has_perm("councils.manage_council", c)}
    assert {c.pk for c in managed_councils(user)} == expected


def test_who_reaches_which_community(world, community, other_community):
    elsewhere = Community.objects.get(name="Mobilités")
    reach = {role: {c.name for c in addressable_communities(world[role])} for role in ROLES}
    everything = {community.name, other_community.name, elsewhere.name}
    assert reach["anonymous"] == reach["citizen"] == set()
    assert reach["gardener"] == reach["institution_gardener"] == {community.name}
    assert reach["other_gardener"] == {other_community.name}
    assert reach["cultivator"] == reach["staff"] == everything
    assert community.name in reach["agent"] and elsewhere.name not in reach["agent"]


@pytest.mark.parametrize("more", [0, 10])
def test_the_choice_costs_the_same_queries_however_many_communities(
        world, more, django_assert_num_queries):
    CommunityFactory.create_batch(more, direction=world["cultivator"].directions.get())
    # The cultivator's question, the agent's directions and pairs, then the list.
    with django_assert_num_queries(4):
        list(addressable_communities(world["agent"]))
