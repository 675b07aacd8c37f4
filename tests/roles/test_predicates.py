"""Each role predicate answers for the person it is asked of, on the object it
is asked about, and for nobody and nothing else (roles/predicates.py).

The rules of every app compose these; the permissions table
(test_permissions_table.py) reads the composed roles, these the facts under
them: which half of a pair someone is, which directions they are an agent
of, which organisations they belong to, which processes they lead or
facilitate. Asked of an anonymous visitor, each says no without a query.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisations.models import Organisation, OrganisationMember
from processes.models import ProcessLead
from processes.workshop_models import Facilitator
from roles import predicates
from tests.dialogue.conftest import make_process
from tests.factories import DirectionFactory, GardenerPairFactory, MembershipFactory, UserFactory
from tests.needs.conftest import make_need

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The same person as a new request would see them: no remembered answer."""
    return type(user).objects.get(pk=user.pk)


# --- The two halves of a pair ---------------------------------------------------------


def test_each_half_of_a_pair_is_that_half_and_not_the_other(community, other_community):
    pair = GardenerPairFactory(community=community)
    territory, institution = _fresh(pair.territory_gardener), _fresh(pair.institution_gardener)

    assert predicates.is_territory_gardener_of(territory, community)
    assert not predicates.is_institution_gardener_of(territory, community)
    assert predicates.is_institution_gardener_of(institution, community)
    assert not predicates.is_territory_gardener_of(institution, community)
    for person in (territory, institution):
        assert predicates.is_gardener_of(person, community)
        assert not predicates.is_gardener_of(person, other_community)
        assert not predicates.is_territory_gardener_of(person, other_community)
        assert not predicates.is_institution_gardener_of(person, other_community)
        assert predicates.is_gardener(person)
    assert predicates.gardened_community_ids(territory) == {community.pk}


def test_a_gardener_of_two_communities_is_each_half_where_they_are_it(community, other_community):
    person = UserFactory()
    GardenerPairFactory(community=community, territory_gardener=person)
    GardenerPairFactory(community=other_community, institution_gardener=person)
    person = _fresh(person)

    assert predicates.is_territory_gardener_of(person, community)
    assert not predicates.is_territory_gardener_of(person, other_community)
    assert predicates.is_institution_gardener_of(person, other_community)
    assert not predicates.is_institution_gardener_of(person, community)
    assert predicates.gardened_community_ids(person) == {community.pk, other_community.pk}


def test_no_community_has_no_gardener(community):
    pair = GardenerPairFactory(community=community)
    for predicate in (predicates.is_gardener_of, predicates.is_territory_gardener_of,
                      predicates.is_institution_gardener_of):
        assert not predicate(_fresh(pair.territory_gardener), None)
        assert not predicate(_fresh(pair.institution_gardener), None)


# --- Circles -----------------------------------------------------------------------------


def test_a_circle_is_read_for_its_community_only(community, other_community):
    member = MembershipFactory(community=community, circle=predicates.Circle.INFORMED).user
    member = _fresh(member)

    assert predicates.circles_by_community(member) == {community.pk: predicates.Circle.INFORMED}
    assert predicates.circle_of(member, community) == predicates.Circle.INFORMED
    assert predicates.circle_of(member, other_community) is None
    assert predicates.circle_of(member, None) is None
    assert predicates.is_member(member, community)
    assert not predicates.is_member(member, other_community)
    assert predicates.is_informed_or_closer(member, community)
    assert not predicates.is_engaged(member, community)


# --- Directions ----------------------------------------------------------------------------


def test_an_agent_is_an_agent_of_their_directions_only(db):
    direction, other = DirectionFactory(), DirectionFactory()
    third = DirectionFactory()
    agent = UserFactory()
    direction.staff.add(agent)
    third.staff.add(agent)
    agent = _fresh(agent)

    assert predicates.agent_direction_ids(agent) == {direction.pk, third.pk}
    assert predicates.is_agent_of(agent, direction)
    assert not predicates.is_agent_of(agent, other)
    assert not predicates.is_agent_of(agent, None)
    assert predicates.is_agent_of_any(agent, [other.pk, third.pk])
    assert not predicates.is_agent_of_any(agent, [other.pk])
    assert not predicates.is_agent_of_any(agent, [])
    assert predicates.is_direction_agent(agent)
    assert not predicates.is_cultivator(agent)
    assert not predicates.is_direction_agent(_fresh(UserFactory()))


def test_the_cultivator_is_staff_of_the_coordinating_direction(cultivator_direction):
    person = UserFactory()
    cultivator_direction.staff.add(person)
    assert predicates.is_cultivator(_fresh(person))
    assert predicates.is_institution_staff(_fresh(person))
    assert not predicates.is_cultivator(_fresh(UserFactory()))


# --- Organisations --------------------------------------------------------------------------


def _organisation(name):
    return Organisation.objects.create(name=name, slug=name.lower(), kind="association")


def test_an_organisations_admin_and_member_are_each_what_they_are(db):
    garden, bakery = _organisation("Jardin"), _organisation("Fournil")
    third = _organisation("Tiers")
    admin, member = UserFactory(), UserFactory()
    OrganisationMember.objects.create(organisation=garden, user=admin, role="admin")
    OrganisationMember.objects.create(organisation=garden, user=member, role="member")
    OrganisationMember.objects.create(organisation=third, user=member, role="member")
    admin, member = _fresh(admin), _fresh(member)

    assert predicates.organisation_roles(admin) == {garden.pk: "admin"}
    assert predicates.organisation_roles(member) == {garden.pk: "member", third.pk: "member"}
    assert predicates.is_organisation_admin(admin, garden)
    assert not predicates.is_organisation_admin(member, garden)
    assert not predicates.is_organisation_admin(admin, bakery)
    assert not predicates.is_organisation_admin(admin, None)
    for person in (admin, member):
        assert predicates.is_organisation_member(person, garden)
        assert not predicates.is_organisation_member(person, bakery)
        assert not predicates.is_organisation_member(person, None)
    assert predicates.is_member_of_any(member, [bakery.pk, third.pk])
    assert not predicates.is_member_of_any(admin, [bakery.pk, third.pk])
    assert not predicates.is_member_of_any(admin, [])


# --- Dialogue processes ---------------------------------------------------------------------


def test_a_process_lead_leads_where_granted_while_still_an_agent_there(db):
    direction, other = DirectionFactory(), DirectionFactory()
    lead = UserFactory()
    direction.staff.add(lead)
    other.staff.add(lead)
    ProcessLead.objects.create(direction=direction, person=lead)
    lead = _fresh(lead)

    assert predicates.process_lead_direction_ids(lead) == {direction.pk}
    assert predicates.is_process_lead_of(lead, direction)
    assert not predicates.is_process_lead_of(lead, other)
    assert not predicates.is_process_lead_of(lead, None)
    assert predicates.is_process_lead(lead)

    # A grant holds while they are one of the direction's staff: once they
    # leave it, they no longer lead its processes.
    direction.staff.remove(lead)
    lead = _fresh(lead)
    assert predicates.process_lead_direction_ids(lead) == set()
    assert not predicates.is_process_lead_of(lead, direction)
    assert not predicates.is_process_lead(lead)


def test_an_agent_without_a_grant_leads_nothing_for_one_query(db, django_assert_num_queries):
    direction = DirectionFactory()
    agent = UserFactory()
    direction.staff.add(agent)
    agent = _fresh(agent)
    # Their grants only: no grant, no need to read their directions.
    with django_assert_num_queries(1):
        assert predicates.process_lead_direction_ids(agent) == set()
    assert not predicates.is_process_lead(agent)


def test_a_facilitator_facilitates_the_process_they_were_asked_to_only(db):
    direction = DirectionFactory()
    lead = UserFactory()
    direction.staff.add(lead)
    ProcessLead.objects.create(direction=direction, person=lead)
    process, other = make_process(direction, lead), make_process(direction, lead, title="Autre")
    person = UserFactory()
    Facilitator.objects.create(process=process, person=person)
    person = _fresh(person)

    assert predicates.facilitated_process_ids(person) == {process.pk}
    assert predicates.is_facilitator_of(person, process)
    assert not predicates.is_facilitator_of(person, other)
    assert not predicates.is_facilitator_of(person, None)
    assert not predicates.is_facilitator_of(_fresh(lead), process)


# --- One remembered answer per fact ----------------------------------------------------


def test_each_fact_is_remembered_under_its_own_name(community):
    """roles/cache.py keeps one entry per fact: two facts under one name
    would answer each other's questions."""
    person = _fresh(UserFactory())
    for ask in (predicates.circles_by_community, predicates.gardened_community_ids,
                predicates.is_cultivator, predicates.is_direction_agent,
                predicates.agent_direction_ids, predicates.organisation_roles,
                predicates.process_lead_direction_ids, predicates.facilitated_process_ids,
                predicates.contributed_community_ids, predicates.elected_community_ids):
        ask(person)

    assert sorted(vars(person)["_terreau_roles"]) == [
        "agent", "agent_directions", "circles", "contributed", "cultivator", "elected",
        "gardened", "organisations", "process_facilitators", "process_leads",
    ]


# --- Anonymous visitors ------------------------------------------------------------------------


def test_an_anonymous_visitor_is_nobody_and_costs_no_query(community, django_assert_num_queries):
    visitor = AnonymousUser()
    organisation, direction = _organisation("Jardin"), community.direction
    with django_assert_num_queries(0):
        assert predicates.circles_by_community(visitor) == {}
        assert predicates.gardened_community_ids(visitor) == set()
        assert predicates.agent_direction_ids(visitor) == set()
        assert predicates.organisation_roles(visitor) == {}
        assert predicates.process_lead_direction_ids(visitor) == set()
        assert predicates.facilitated_process_ids(visitor) == set()
        assert predicates.contributed_community_ids(visitor) == set()
        assert predicates.elected_community_ids(visitor) == set()
        assert not predicates.is_member(visitor, community)
        assert not predicates.is_gardener(visitor)
        assert not predicates.is_cultivator(visitor)
        assert not predicates.is_direction_agent(visitor)
        assert not predicates.is_site_staff(visitor)
        assert not predicates.is_agent_of(visitor, direction)
        assert not predicates.is_organisation_member(visitor, organisation)
        assert not predicates.is_member_of_any(visitor, [organisation.pk])
        assert not predicates.is_agent_of_any(visitor, [direction.pk])


def test_site_staff_is_staff_or_superuser(db):
    assert predicates.is_site_staff(UserFactory(is_staff=True))
    assert predicates.is_site_staff(UserFactory(is_superuser=True))
    assert not predicates.is_site_staff(UserFactory())


# --- A role asked of an object's community --------------------------------------------------


def test_via_community_asks_the_role_of_the_objects_community(community, other_community):
    engaged = MembershipFactory(community=community, circle=predicates.Circle.ENGAGED).user
    outsider = MembershipFactory(community=other_community, circle=predicates.Circle.ENGAGED).user
    need = make_need(community, engaged)
    member_of_need = predicates.via_community(predicates.is_member, lambda n: n.community)

    assert member_of_need.test(_fresh(engaged), need)
    assert not member_of_need.test(_fresh(outsider), need)
    assert member_of_need.name == "is_member_via_community"
    named = predicates.via_community(predicates.is_member, lambda n: n.community,
                                     name="need_member")
    assert named.name == "need_member"


def test_via_community_asks_a_none_object_as_no_community(community):
    asked_of = []

    def community_of(obj):
        asked_of.append(obj)
        return community

    staff_or_member = predicates.via_community(
        predicates.is_site_staff | predicates.is_member, community_of)
    staff, member = UserFactory(is_staff=True), MembershipFactory(community=community).user

    # No object: staff still answers, a community role says no (and the
    # object's community is not asked of None).
    assert staff_or_member.test(staff, None)
    assert not staff_or_member.test(_fresh(member), None)
    assert asked_of == []
    assert staff_or_member.test(_fresh(member), "a need")
    assert asked_of == ["a need"]
