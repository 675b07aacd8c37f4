"""The reads of the gardener pairs, the cultivator's invitations and the
elected officials (roles/selectors.py): each gives the rows of the community
or person asked, in the order its page shows them, and none of another's;
the active pair is the one in office, never a past one."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone, translation

from communities.models import Community
from roles import selectors
from roles.models import ContributorInvitation, GardenerPair
from roles.services import (
    contributor_invite,
    contributor_revoke,
    elected_mark,
    elected_unmark,
)
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _ended(pair, *, started_days_ago, ended_days_ago=0):
    """Make `pair` a past one: started and ended that many days ago."""
    now = timezone.now()
    GardenerPair.objects.filter(pk=pair.pk).update(
        started_at=now - dt.timedelta(days=started_days_ago),
        ended_at=now - dt.timedelta(days=ended_days_ago))
    pair.refresh_from_db()
    return pair


@pytest.fixture
def history(community):
    """Two past pairs of the community, then its pair in office."""
    first = _ended(GardenerPairFactory(community=community), started_days_ago=400,
                   ended_days_ago=200)
    second = _ended(GardenerPairFactory(community=community), started_days_ago=200,
                    ended_days_ago=1)
    active = GardenerPairFactory(community=community)
    return first, second, active


# --- The pair in office -------------------------------------------------------------------


def test_the_active_pairs_are_those_in_office_of_the_community_asked(history, other_community):
    first, second, active = history
    elsewhere = GardenerPairFactory(community=other_community)

    assert set(selectors.active_pairs()) == {active, elsewhere}
    assert list(selectors.active_pairs(community=active.community)) == [active]
    assert list(selectors.active_pairs(community=active.community.pk)) == [active]
    assert list(selectors.active_pairs(community=None)) == []


def test_the_active_pair_comes_with_its_two_people_in_one_query(history, django_assert_num_queries):
    active = history[2]
    with django_assert_num_queries(1):
        pair = selectors.active_pair(active.community)
        assert (pair, pair.territory_gardener, pair.institution_gardener) == (
            active, active.territory_gardener, active.institution_gardener)
    with django_assert_num_queries(0):
        assert selectors.active_pair(None) is None
    assert selectors.active_pair(CommunityFactory()) is None


def test_the_gardeners_of_a_community_are_its_active_pairs_people(history):
    active = history[2]
    assert selectors.gardeners_of(active.community) == [
        active.territory_gardener, active.institution_gardener]
    assert selectors.gardeners_of(CommunityFactory()) == []
    vacant = GardenerPairFactory(institution_gardener=None)
    assert selectors.gardeners_of(vacant.community) == [vacant.territory_gardener]


def test_a_list_of_communities_gets_each_its_pair_in_office_in_one_query(
        history, other_community, django_assert_num_queries):
    active = history[2]
    lonely = CommunityFactory(name="Sans binôme", slug="sans-binome")
    with django_assert_num_queries(2):  # the communities, their pairs with their people
        communities = {c.pk: c for c in Community.objects.prefetch_related(
            selectors.active_pair_prefetch())}
        assert communities[active.community.pk].active_pairs == [active]
        assert communities[active.community.pk].active_pairs[0].territory_gardener == (
            active.territory_gardener)
        assert communities[lonely.pk].active_pairs == []
    named = Community.objects.prefetch_related(selectors.active_pair_prefetch("pairs")).get(
        pk=active.community.pk)
    assert named.pairs == [active]


def test_the_pair_in_office_joins_a_list_of_communities_in_the_same_query(
        history, django_assert_num_queries):
    active = history[2]
    only_past = CommunityFactory(name="Passée", slug="passee")
    _ended(GardenerPairFactory(community=only_past), started_days_ago=30)
    with django_assert_num_queries(1):
        rows = {c.pk: c for c in Community.objects.annotate(
            active_pair=selectors.active_pair_relation()).select_related(
                "active_pair__territory_gardener")}
        assert rows[active.community.pk].active_pair == active
        assert rows[active.community.pk].active_pair.territory_gardener == (
            active.territory_gardener)
        # No pair in office: the join sets nothing (communities.selectors
        # sets None itself, and pair_role_labels asks again).
        assert not hasattr(rows[only_past.pk], "active_pair")


# --- The pairs' history --------------------------------------------------------------------


def test_the_history_is_the_past_pairs_most_recent_first(history, other_community,
                                                         django_assert_num_queries):
    first, second, active = history
    _ended(GardenerPairFactory(community=other_community), started_days_ago=50)
    # Entered last, started earliest: the order is the start's, not the entry's.
    earliest = _ended(GardenerPairFactory(community=active.community, ended_at=timezone.now(),
                                          appointed_by=UserFactory()),
                      started_days_ago=900, ended_days_ago=800)

    expected = [(p.territory_gardener_id, p.institution_gardener_id, p.direction_id,
                 p.appointed_by_id) for p in (second, first, earliest)]
    assert expected[2][3] is not None

    with django_assert_num_queries(1):  # the people and who appointed them come with it
        history = selectors.pair_history(community=active.community)
        assert history == [second, first, earliest]
        assert [(p.territory_gardener.pk, p.institution_gardener.pk, p.direction.pk,
                 p.appointed_by and p.appointed_by.pk) for p in history] == expected


# Rows rewritten in this order are stored in it: an order left to the
# database would follow it, not the order the rows were made in.
SHUFFLED = (3, 0, 6, 1, 7, 4, 2, 5)


def test_pairs_started_together_are_told_apart_by_their_order_of_creation(community):
    pairs = [_ended(GardenerPairFactory(community=community, ended_at=timezone.now()),
                    started_days_ago=10) for _ in SHUFFLED]
    for index in SHUFFLED:
        GardenerPair.objects.filter(pk=pairs[index].pk).update(started_at=pairs[0].started_at)

    assert selectors.pair_history(community=community) == pairs[::-1]


def test_every_pair_of_a_community_and_of_a_person_past_or_active(history, other_community):
    first, second, active = history
    elsewhere = GardenerPairFactory(community=other_community,
                                    institution_gardener=first.territory_gardener)

    assert set(selectors.pairs_of_community(active.community)) == {first, second, active}
    assert set(selectors.pairs_of_person(first.territory_gardener)) == {first, elsewhere}
    assert set(selectors.pairs_of_person(active.institution_gardener)) == {active}


# --- Names and labels ------------------------------------------------------------------------


def test_a_communitys_gardeners_are_named_by_their_display_name_else_their_address(history):
    active = history[2]
    active.territory_gardener.display_name = "Anne Terrain"
    active.territory_gardener.save()
    active.institution_gardener.display_name = ""
    active.institution_gardener.email = "agent@region.fr"
    active.institution_gardener.save()
    lonely = CommunityFactory(name="Sans binôme", slug="sans-binome")
    half = GardenerPairFactory(institution_gardener=None)

    names = {c.pk: (c.territory_name, c.institution_name)
             for c in Community.objects.annotate(**selectors.pair_names_per_community())}

    assert names[active.community.pk] == ("Anne Terrain", "agent@region.fr")
    assert names[lonely.pk] == (None, None)
    assert names[half.community.pk] == (str(half.territory_gardener.display_name
                                            or half.territory_gardener.email), None)


def test_the_label_of_each_half_names_who_did_something(history, django_assert_num_queries):
    active = history[2]
    with translation.override("en"), django_assert_num_queries(1):
        assert selectors.pair_role_labels(active.community) == {
            active.territory_gardener.pk: "territory gardener",
            active.institution_gardener.pk: "institution gardener"}
    community = Community.objects.annotate(
        active_pair=selectors.active_pair_relation()).select_related("active_pair").get(
            pk=active.community.pk)
    with translation.override("fr"), django_assert_num_queries(0):
        assert selectors.pair_role_labels(community) == {
            active.territory_gardener.pk: "jardinier·ère du territoire",
            active.institution_gardener.pk: "jardinier·ère de l'institution"}


def test_a_vacant_half_or_no_pair_has_no_label(community):
    assert selectors.pair_role_labels(community) == {}
    half = GardenerPairFactory(community=community, territory_gardener=None)
    with translation.override("en"):
        assert selectors.pair_role_labels(community) == {
            half.institution_gardener.pk: "institution gardener"}


# --- The cultivator and elected officials -----------------------------------------------------


def test_the_cultivators_are_the_coordinating_directions_people_each_once(cultivator_direction):
    both = UserFactory()
    second = DirectionFactory(is_coordinating=True)
    for direction in (cultivator_direction, second):
        direction.staff.add(both)
    agent = UserFactory()
    DirectionFactory(is_coordinating=False).staff.add(agent)

    assert list(selectors.cultivators()) == [both]


def test_a_communitys_invitations_are_the_running_ones_newest_first_then_the_revoked(
        community, other_community, cultivator_direction, pair, django_assert_num_queries):
    people = [UserFactory(display_name=name) for name in ("Aline", "Basile", "Chloé")]
    for person in people:
        cultivator_direction.staff.add(person)
    gardener = pair.territory_gardener
    invitations = [contributor_invite(community=community, person=p, actor=gardener)
                   for p in people]
    # Chloé's, entered last, is dated two days back: the order is the date's.
    ContributorInvitation.objects.filter(pk=invitations[2].pk).update(
        created_at=F("created_at") - dt.timedelta(days=2))
    contributor_revoke(invitation=invitations[1], actor=gardener)
    GardenerPairFactory(community=other_community)
    contributor_invite(community=other_community, person=people[0],
                       actor=other_community.gardener_pairs.get().territory_gardener)

    with django_assert_num_queries(1):  # each with its people
        listed = selectors.contributor_invitations(community)
        assert [(i.person.display_name, i.invited_by, i.revoked_by) for i in listed] == [
            ("Aline", gardener, None), ("Chloé", gardener, None),
            ("Basile", gardener, gardener)]

    # Invited at the same instant: the one entered last comes first.
    ContributorInvitation.objects.filter(pk=invitations[0].pk).update(
        created_at=ContributorInvitation.objects.get(pk=invitations[2].pk).created_at)
    assert [i.person.display_name for i in selectors.contributor_invitations(community)] == [
        "Chloé", "Aline", "Basile"]


def test_the_elected_officials_of_a_community_by_name(community, other_community, people,
                                                      django_assert_num_queries):
    zoe, adam = UserFactory(display_name="Zoé Élue"), UserFactory(display_name="Adam Élu")
    other = UserFactory(display_name="Bruno Ailleurs")
    elected_mark(person=zoe, communities=[community], actor=people["staff"])
    elected_mark(person=adam, communities=[community, other_community], actor=people["staff"])
    elected_mark(person=other, communities=[other_community], actor=people["staff"])

    # Namesakes: the first marked first, whatever order the rows are stored in.
    namesakes = [UserFactory(display_name="Adam Élu") for _ in SHUFFLED]
    marked = [elected_mark(person=n, communities=[community], actor=people["staff"])
              for n in namesakes]
    for index in SHUFFLED:
        type(marked[index]).objects.filter(pk=marked[index].pk).update(mandate=f"n°{index}")

    with django_assert_num_queries(1):
        assert [(e.person.display_name, e.person.pk)
                for e in selectors.elected_officials_of(community)] == [
            ("Adam Élu", adam.pk), *(("Adam Élu", n.pk) for n in namesakes),
            ("Zoé Élue", zoe.pk)]
    for namesake in namesakes:
        elected_unmark(person=namesake, actor=people["staff"])
    with django_assert_num_queries(2):  # the officials with their people, their communities
        every = {e.person.display_name: {c.slug for c in e.communities.all()}
                 for e in selectors.elected_officials()}
    assert every == {"Zoé Élue": {"biodiversite"},
                     "Adam Élu": {"biodiversite", "alimentation"},
                     "Bruno Ailleurs": {"alimentation"}}
