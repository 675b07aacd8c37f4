"""Each query-filter twin selects exactly the rows its predicate accepts.

Walked over the role matrix of tests/conftest.py (plus an agent of a
non-coordinating direction), on two communities, so that a list built with a
twin and a page guarded by its predicate can never disagree.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from communities.models import Community, Membership
from roles import filters, predicates, selectors
from roles import services as role_services
from roles.circles import Circle
from roles.services import pair_appoint
from tests.conftest import ROLES
from tests.factories import CommunityFactory, DirectionFactory, MembershipFactory, UserFactory

EVERYONE = (*ROLES, "institution_gardener", "agent", "invited_cultivator")


@pytest.fixture
def matrix(people, community, other_community, cultivator_direction):
    agent = UserFactory(email="agent@example.org")
    DirectionFactory(name="Agriculture", slug="agriculture").staff.add(agent)
    # Someone in both communities, in different circles.
    MembershipFactory(community=other_community, user=people["engaged"], circle=Circle.CITIZENS)
    # A cultivator the pair of one community invited to write with them.
    invited = UserFactory(email="invited.cultivator@example.org")
    cultivator_direction.staff.add(invited)
    role_services.contributor_invite(community=community, person=invited,
                                     actor=people["gardener"])
    return {**people, "agent": agent, "invited_cultivator": invited}


def _accepted(predicate, user) -> set[int]:
    return {c.pk for c in Community.objects.all() if predicate(user, c)}


TWINS = {
    "gardened_by": predicates.is_gardener_of,
    "animated_by": predicates.can_animate,
    "overseen_by": predicates.can_oversee,
    "member_of": predicates.is_member,
    "edited_by": predicates.can_edit_community,
}


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("twin", TWINS)
def test_a_community_filter_selects_what_its_predicate_accepts(matrix, role, twin):
    user = matrix[role]
    selected = set(Community.objects.filter(getattr(filters, twin)(user)).values_list(
        "pk", flat=True))

    assert selected == _accepted(TWINS[twin], user)


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("twin", TWINS)
def test_a_filter_follows_a_field_to_the_community(matrix, role, twin):
    user = matrix[role]
    rows = Membership.objects.filter(getattr(filters, twin)(user, field="community"))

    assert {m.community_id for m in rows} == _accepted(TWINS[twin], user) & set(
        Membership.objects.values_list("community_id", flat=True))


@pytest.mark.parametrize("role", EVERYONE)
def test_within_circles_selects_the_rows_addressed_to_a_circle_the_person_reaches(matrix, role):
    user = matrix[role]
    # Membership rows stand for any (community, circle) row: a letter's audience...
    rows = set(Membership.objects.filter(filters.within_circles_of(user)).values_list(
        "pk", flat=True))

    expected = {m.pk for m in Membership.objects.select_related("community")
                if predicates.circle_at_least(m.circle)(user, m.community)}
    assert rows == expected


def test_everything_stays_everything_when_or_ed(matrix):
    # An empty Q() would vanish from an OR and leave "no name": nothing.
    assert Community.objects.filter(Q(name="no such name") | filters.EVERYTHING).count() == 2
    assert Community.objects.filter(Q(name="no such name") | filters.NOTHING).count() == 0


def test_the_people_of_a_pair_as_a_filter_are_its_gardeners(matrix, community, pair):
    people = get_user_model().objects.filter(filters.pair_people(community))

    assert set(people) == set(selectors.gardeners_of(community)) == {
        pair.territory_gardener, pair.institution_gardener}


def test_a_filter_with_nothing_to_select_costs_no_query(matrix, django_assert_num_queries):
    citizen = matrix["citizen"]
    predicates.gardened_community_ids(citizen)  # the cache is filled first

    with django_assert_num_queries(0):
        assert list(Community.objects.filter(filters.gardened_by(citizen))) == []


def test_a_cultivator_gardening_one_community_edits_it_and_those_they_were_invited_to(
        community, other_community, cultivator_direction, people):
    third = CommunityFactory(name="Eau", slug="eau")
    person = UserFactory(email="both@example.org")
    cultivator_direction.staff.add(person)
    pair_appoint(community=other_community, territory_gardener=person, actor=people["staff"])
    role_services.contributor_invite(community=community, person=person,
                                     actor=people["gardener"])
    person = get_user_model().objects.get(pk=person.pk)

    edited = set(Community.objects.filter(filters.edited_by(person)).values_list(
        "slug", flat=True))

    assert edited == {"biodiversite", "alimentation"} == {
        c.slug for c in Community.objects.all() if predicates.can_edit_community(person, c)}
    assert third.slug not in edited

