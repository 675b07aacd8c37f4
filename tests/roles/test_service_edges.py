"""The edges of the roles' writes (roles/services.py) that their first
mutation run found unpinned: each refusal in the words the cultivator or
the pair reads, the audit entry of each write (who, which community, whom,
what), the roles seen at once on the same person object, an invitation per
community and per person, a mandate changed, the direction kept only with
an institution gardener, one query for the two gardeners of the pair that
ends, and two cultivators appointing at the same moment."""

import threading

import pytest
from django.db import connection

from audit.models import AuditEntry
from roles import services
from roles.models import ContributorInvitation, ElectedOfficial, GardenerPair
from roles.predicates import is_elected_official_of, is_invited_contributor
from tests.factories import CommunityFactory, GardenerPairFactory, UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(in_english):
    """Assertions read the English source strings."""


def entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


# --- Refusals, in words --------------------------------------------------------------


def test_each_refused_appointment_says_why(community, agent, cultivator):
    citizen = UserFactory(display_name="Claude Citoyen")
    appoint = services.pair_appoint
    assert refusals(lambda: appoint(community=community, actor=cultivator)) == [
        (None, "Appoint at least one of the two gardeners.", "empty_pair")]
    assert refusals(lambda: appoint(community=community, territory_gardener=agent,
                                    institution_gardener=agent, direction=community.direction,
                                    actor=cultivator)) == [
        (None, "The two gardeners of a pair must be two different people.", "same_person")]
    assert refusals(lambda: appoint(community=community, institution_gardener=agent,
                                    actor=cultivator)) == [
        (None, "Choose the direction the institution gardener comes from.",
         "direction_required")]
    assert refusals(lambda: appoint(community=community, institution_gardener=citizen,
                                    direction=community.direction, actor=cultivator)) == [
        (None, f"Claude Citoyen is not an agent of {community.direction}.", "not_agent")]
    assert refusals(lambda: services.pair_end(community=community, actor=cultivator)) == [
        (None, f"{community} has no active pair to end.", "no_active_pair")]
    assert not GardenerPair.objects.exists() and not AuditEntry.objects.exists()


def test_each_refused_invitation_or_mark_says_why(community, cultivator):
    pair = GardenerPairFactory(community=community)
    gardener = pair.territory_gardener
    assert refusals(lambda: services.contributor_invite(
        community=community, person=UserFactory(), actor=gardener)) == [
        (None, "Only the cultivator can be invited as a contributor.", "not_cultivator")]
    invitation = services.contributor_invite(community=community, person=cultivator,
                                             actor=gardener)
    assert refusals(lambda: services.contributor_invite(
        community=community, person=cultivator, actor=gardener)) == [
        (None, "Camille Cultivatrice is already a contributor of this community.",
         "already_invited")]
    services.contributor_revoke(invitation=invitation, actor=gardener)
    assert refusals(lambda: services.contributor_revoke(
        invitation=invitation, actor=gardener)) == [
        (None, "This invitation was already revoked.", "already_revoked")]
    assert refusals(lambda: services.elected_mark(
        person=UserFactory(), communities=[], actor=cultivator)) == [
        (None, "Link the elected official to at least one community.", "no_community")]
    elie = UserFactory(display_name="Élie Élu")
    assert refusals(lambda: services.elected_unmark(person=elie, actor=cultivator)) == [
        (None, "Élie Élu is not marked as an elected official.", "not_elected")]


# --- What each write leaves in the audit log ----------------------------------------


def test_appointing_and_ending_a_pair_are_logged_with_who_where_and_whom(
        community, agent, cultivator):
    territory = UserFactory()
    pair = services.pair_appoint(community=community, territory_gardener=territory,
                                 institution_gardener=agent, direction=community.direction,
                                 actor=cultivator)
    appointed = entry("pair.appointed")
    assert (appointed.actor, appointed.community_id) == (cultivator, community.pk)
    assert (appointed.target_type, appointed.target_id) == ("roles.gardenerpair", str(pair.pk))
    assert appointed.details == {"territory_gardener": territory.pk,
                                 "institution_gardener": agent.pk}
    services.pair_end(community=community, actor=cultivator)
    ended = entry("pair.ended")
    assert (ended.actor, ended.community_id) == (cultivator, community.pk)
    assert (ended.target_type, ended.target_id) == ("communities.community", str(community.pk))
    assert ended.target_label == community.name


def test_a_vacant_role_is_logged_as_vacant(community, agent, cultivator):
    territory = UserFactory()
    services.pair_appoint(community=community, territory_gardener=territory, actor=cultivator)
    services.pair_appoint(community=community, institution_gardener=agent,
                          direction=community.direction, actor=cultivator)
    assert [e.details for e in AuditEntry.objects.filter(action="pair.appointed")
            .order_by("pk")] == [
        {"territory_gardener": territory.pk, "institution_gardener": None},
        {"territory_gardener": None, "institution_gardener": agent.pk},
    ]


def test_inviting_and_revoking_a_contributor_are_logged(community, cultivator):
    gardener = GardenerPairFactory(community=community).territory_gardener
    invitation = services.contributor_invite(community=community, person=cultivator,
                                             actor=gardener)
    services.contributor_revoke(invitation=invitation, actor=gardener)
    for action in ("contributor.invited", "contributor.revoked"):
        logged = entry(action)
        assert (logged.actor, logged.community_id, logged.target_user) == (
            gardener, community.pk, cultivator), action
    invitation.refresh_from_db()
    assert (invitation.invited_by, invitation.revoked_by) == (gardener, gardener)
    assert invitation.revoked_at is not None


def test_marking_and_unmarking_an_elected_official_are_logged(
        community, other_community, cultivator):
    person = UserFactory()
    services.elected_mark(person=person, communities=[other_community, community],
                          actor=cultivator)
    services.elected_unmark(person=person, actor=cultivator)
    marked, unmarked = AuditEntry.objects.filter(action="elected.marked").order_by("pk")
    assert (marked.actor, marked.target_user) == (cultivator, person)
    assert marked.details == {"communities": sorted([community.pk, other_community.pk])}
    assert (unmarked.actor, unmarked.target_user, unmarked.details) == (
        cultivator, person, {"communities": []})


# --- What the writes change ------------------------------------------------------------


def test_the_same_person_object_sees_its_new_roles_at_once(community, cultivator):
    gardener = GardenerPairFactory(community=community).territory_gardener
    assert not is_invited_contributor(cultivator, community)  # now remembered on the object
    services.contributor_invite(community=community, person=cultivator, actor=gardener)
    assert is_invited_contributor(cultivator, community)

    elected = UserFactory()
    assert not is_elected_official_of(elected, community)
    services.elected_mark(person=elected, communities=[community], actor=cultivator)
    assert is_elected_official_of(elected, community)
    services.elected_unmark(person=elected, actor=cultivator)
    assert not is_elected_official_of(elected, community)


def test_a_cultivator_may_contribute_to_several_communities_beside_another(
        community, other_community, cultivator, cultivator_direction):
    second = UserFactory()
    cultivator_direction.staff.add(second)
    gardener = GardenerPairFactory(community=community).territory_gardener
    services.contributor_invite(community=community, person=cultivator, actor=gardener)
    services.contributor_invite(community=other_community, person=cultivator, actor=gardener)
    services.contributor_invite(community=community, person=second, actor=gardener)
    assert ContributorInvitation.objects.active().count() == 3


def test_an_elected_officials_mandate_is_kept_changed_or_left_empty(community, cultivator):
    person = UserFactory()
    official = services.elected_mark(person=person, communities=[community], actor=cultivator)
    assert (official.mandate, official.marked_by) == ("", cultivator)
    services.elected_mark(person=person, communities=[community], mandate="Vice-présidente",
                          actor=cultivator)
    assert ElectedOfficial.objects.get(person=person).mandate == "Vice-présidente"
    services.elected_mark(person=person, communities=[community], mandate="Présidente",
                          actor=UserFactory())
    stored = ElectedOfficial.objects.get(person=person)
    assert (stored.mandate, stored.marked_by) == ("Présidente", cultivator)


def test_the_direction_is_kept_only_with_an_institution_gardener(community, agent, cultivator):
    alone = services.pair_appoint(community=community, territory_gardener=UserFactory(),
                                  direction=community.direction, actor=cultivator)
    assert GardenerPair.objects.get(pk=alone.pk).direction is None
    both = services.pair_appoint(community=community, territory_gardener=UserFactory(),
                                 institution_gardener=agent, direction=community.direction,
                                 actor=cultivator)
    assert GardenerPair.objects.get(pk=both.pk).direction == community.direction


def test_ending_a_pair_reads_both_gardeners_in_the_same_query(
        community, agent, cultivator, django_assert_num_queries):
    services.pair_appoint(community=community, territory_gardener=UserFactory(),
                          institution_gardener=agent, direction=community.direction,
                          actor=cultivator)
    with django_assert_num_queries(QUERIES_TO_END_A_PAIR):
        services.pair_end(community=community, actor=cultivator)


# The savepoint and its release (2), the community's lock (1), the pair with
# its two gardeners (1), the UPDATE (1), the CMS groups the two leave (12, in
# cms/role_groups.py's own savepoint), the audit entry (1). Reading each
# gardener on its own would add 2.
QUERIES_TO_END_A_PAIR = 19


@pytest.mark.django_db(transaction=True)
def test_two_cultivators_appointing_at_once_leave_one_active_pair(postgres, cultivator):
    community = CommunityFactory(name="Mobilités", slug="mobilites")
    GardenerPairFactory(community=community)
    barrier, errors = threading.Barrier(2), []

    def appoint(person):
        try:
            barrier.wait()
            services.pair_appoint(community=community, territory_gardener=person,
                                  actor=cultivator)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=appoint, args=(UserFactory(),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert GardenerPair.objects.filter(community=community).count() == 3
    assert GardenerPair.objects.filter(community=community, ended_at__isnull=True).count() == 1
