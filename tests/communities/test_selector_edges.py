"""The reads of the communities app at their edges: each keeps to its
community and its person (a gardener reading one member's history never
sees another community's), in the order the page promises, in the queries
it promises (communities/selectors.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities import selectors
from communities.models import (
    Circle,
    CircleChange,
    CircleRequest,
    Community,
    CommunityFollower,
    Membership,
)
from needs.models import Need
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PENDING, APPROVED, DECLINED = (CircleRequest.Status.PENDING, CircleRequest.Status.APPROVED,
                               CircleRequest.Status.DECLINED)


def ask(community, user, status=PENDING, *, days_ago=0, decided_days_ago=None, by=None):
    request = CircleRequest.objects.create(community=community, user=user,
                                           circle=Circle.ENGAGED, message="Je veux aider.",
                                           status=status)
    now = timezone.now()
    CircleRequest.objects.filter(pk=request.pk).update(
        created_at=now - timedelta(days=days_ago),
        decided_at=None if decided_days_ago is None else now - timedelta(days=decided_days_ago),
        decided_by=by)
    return CircleRequest.objects.get(pk=request.pk)


def change(community, user, *, actor=None, days_ago=0):
    row = CircleChange.objects.create(community=community, user=user, actor=actor,
                                      kind=CircleChange.Kind.values[0],
                                      from_circle=Circle.CITIZENS, to_circle=Circle.INFORMED)
    CircleChange.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago))
    return row


@pytest.fixture
def someone(community, other_community):
    """A member of both communities: informed here, engaged there."""
    person = UserFactory(display_name="Awa")
    MembershipFactory(community=other_community, user=person, circle=Circle.ENGAGED)
    MembershipFactory(community=community, user=person, circle=Circle.INFORMED)
    return person


# --- One member, as the gardeners read them ---------------------------------------------


def test_a_members_history_and_requests_are_of_this_community_and_person(
        community, other_community, people, someone, django_assert_num_queries):
    mine = change(community, someone, actor=people["gardener"])
    change(other_community, someone)
    change(community, people["citizen"])
    ask(community, people["citizen"], days_ago=5)  # another person's, asked before
    newer = ask(community, someone, days_ago=1)
    older = ask(community, someone, DECLINED, days_ago=3, decided_days_ago=2,
                by=people["gardener"])
    ask(other_community, someone)

    assert list(selectors.member_history(community=community, user=someone)) == [mine]
    with django_assert_num_queries(1):
        rows = [(r.pk, r.decided_by and r.decided_by.pk)
                for r in selectors.member_requests(community=community, user=someone)]
    assert rows == [(newer.pk, None), (older.pk, people["gardener"].pk)]
    assert selectors.pending_request(community=community, user=someone) == newer
    assert selectors.pending_request(community=community, user=people["anonymous"]) is None


def test_a_request_answered_is_no_longer_pending(community, other_community, someone):
    ask(community, someone, DECLINED, decided_days_ago=0)
    ask(other_community, someone)
    assert selectors.pending_request(community=community, user=someone) is None


def test_requests_made_the_same_instant_are_newest_first_by_number(community, someone):
    first = ask(community, someone, DECLINED, decided_days_ago=0)
    second = ask(community, someone)
    CircleRequest.objects.update(created_at=timezone.now())
    assert list(selectors.member_requests(community=community, user=someone)) == [second, first]


def test_following_is_of_this_community_and_person(community, other_community, people):
    CommunityFollower.objects.create(community=other_community, user=people["citizen"])
    CommunityFollower.objects.create(community=community, user=people["informed"])
    assert not selectors.is_following(community=community, user=people["citizen"])
    assert selectors.is_following(community=community, user=people["informed"])


# --- The gardeners' lists ---------------------------------------------------------------


def test_waiting_requests_are_this_communitys_oldest_first_with_the_circle_here(
        community, other_community, people, someone, django_assert_num_queries):
    later = ask(community, people["citizen"], days_ago=1)
    earlier = ask(community, someone, days_ago=2)
    ask(other_community, UserFactory())
    ask(community, people["engaged"], DECLINED, decided_days_ago=0)

    with django_assert_num_queries(1):
        rows = [(r.pk, r.user.display_name, r.current_circle)
                for r in selectors.pending_requests(community)]

    assert rows == [(earlier.pk, "Awa", Circle.INFORMED),
                    (later.pk, people["citizen"].display_name, Circle.CITIZENS)]


def test_decided_requests_are_the_latest_decisions_with_who_decided(
        community, other_community, people, someone, django_assert_num_queries):
    ask(community, someone)
    new = ask(community, people["informed"], APPROVED, days_ago=5, decided_days_ago=1,
              by=people["gardener"])
    old = ask(community, people["citizen"], DECLINED, decided_days_ago=3, by=people["gardener"])
    ask(other_community, UserFactory(), APPROVED, decided_days_ago=0)

    with django_assert_num_queries(1):
        rows = [(r.pk, r.user.pk, r.decided_by.pk)
                for r in selectors.decided_requests(community)]

    assert [pk for pk, _user, _by in rows] == [new.pk, old.pk]
    assert [r.pk for r in selectors.decided_requests(community, limit=1)] == [new.pk]
    for _ in range(19):
        ask(community, UserFactory(), DECLINED, decided_days_ago=4, by=people["gardener"])
    assert len(selectors.decided_requests(community)) == 20  # the latest twenty


def test_the_dashboards_figures_side_by_side(community, other_community, people, someone):
    now = timezone.now()
    Membership.objects.filter(user=people["citizen"]).update(
        last_active_at=now - timedelta(days=60))
    ask(community, someone)
    ask(community, people["citizen"], DECLINED, decided_days_ago=0)

    rows = {c.pk: (c.citizens, c.informed, c.engaged, c.total, c.pending, c.to_reengage)
            for c in selectors.communities_side_by_side(inactive_since=now - timedelta(days=30))}
    pending = dict(Community.objects.annotate(n=selectors.pending_count_per_community())
                   .values_list("pk", "n"))

    assert rows[community.pk] == (1, 2, 1, 4, 1, 1)
    assert rows[other_community.pk] == (0, 0, 1, 1, 0, 0)
    assert pending == {community.pk: 1, other_community.pk: 0}


def test_members_by_name_then_address_then_number(community):
    rows = [("Bruno", "z@example.org"), ("Bruno", "a@example.org"), ("Anne", "m@example.org")]
    made = [MembershipFactory(community=community, circle=Circle.CITIZENS,
                              user=UserFactory(display_name=n, email=e)) for n, e in rows]

    assert list(selectors.member_list(community=community)) == [made[2], made[1], made[0]]


def test_the_newest_members_and_the_silent_ones_are_this_communitys(
        community, other_community, someone):
    now = timezone.now()
    old, new, silent = (MembershipFactory(community=community, circle=Circle.CITIZENS)
                        for _ in range(3))
    Membership.objects.filter(pk=old.pk).update(joined_at=now - timedelta(days=10),
                                                last_active_at=now - timedelta(days=40))
    Membership.objects.filter(pk=new.pk).update(joined_at=now - timedelta(days=2))
    Membership.objects.filter(pk=silent.pk).update(joined_at=now - timedelta(days=20),
                                                   last_active_at=now - timedelta(days=90))
    Membership.objects.filter(user=someone).update(joined_at=now - timedelta(days=1),
                                                   last_active_at=now - timedelta(days=60))
    here = Membership.objects.get(community=community, user=someone)

    assert selectors.recent_joiners(community=community, since=now - timedelta(days=15),
                                    limit=5) == [here, new, old]
    assert selectors.silent_members(community=community, since=now - timedelta(days=30),
                                    limit=5) == [silent, here, old]
    figures = selectors.member_figures(community=community,
                                       joined_since=now - timedelta(days=15),
                                       inactive_since=now - timedelta(days=30))
    assert (figures["total"], figures["recent"], figures["inactive"]) == (4, 3, 3)


def test_circle_counts_name_every_circle_even_empty(community):
    MembershipFactory(community=community, circle=Circle.INFORMED)
    assert selectors.circle_counts(community) == {Circle.CITIZENS: 0, Circle.INFORMED: 1,
                                                  Circle.ENGAGED: 0}


def test_the_themes_offered_are_the_communities_own(community, people):
    community.themes.add("eau")
    need = Need.objects.create(community=community, author=people["informed"], kind="need",
                               title="Une salle", description="Pour 50.",
                               visibility="community", status_changed_at=timezone.now())
    need.tags.add("salle")

    assert [t.name for t in selectors.community_themes()] == ["eau"]


def test_the_members_of_communities_with_a_theme(community, other_community, someone, people):
    community.themes.add("eau")
    other_community.themes.add("sol")
    water = community.themes.get(name="eau")

    ids = set(selectors.member_ids_with_themes([water.pk]).values_list("user_id", flat=True))

    assert ids == set(Membership.objects.filter(community=community).values_list("user_id",
                                                                                 flat=True))
    assert set(Membership.objects.filter(user_id__in=selectors.member_ids_with_themes(
        [water.pk])).values_list("user_id", flat=True)) == ids


# --- "My communities" ---------------------------------------------------------------------


def test_my_communities_include_those_i_only_asked_to_join_and_who_answered(
        community, other_community, people, django_assert_num_queries):
    person = UserFactory()
    MembershipFactory(community=community, user=person, circle=Circle.CITIZENS)
    third = CommunityFactory(name="Zéro déchet", slug="zero-dechet")
    second = ask(third, person, days_ago=0)
    first = ask(third, person, DECLINED, days_ago=2, decided_days_ago=1, by=people["gardener"])
    change(other_community, person, actor=people["other_gardener"])

    with django_assert_num_queries(3):
        current, past = selectors.my_communities(person)
        seen = [(e.community.name, [r.decided_by and r.decided_by.pk for r in e.requests],
                 [c.actor.pk for c in e.history]) for e in current + past]

    assert [e.community for e in current] == [community]
    assert [e.community for e in past] == [other_community, third]
    assert past[1].requests == [second, first]
    assert past[1].pending_request == second and past[1].decided_requests == [first]
    assert seen[1][2] == [people["other_gardener"].pk]
    assert seen[2][1] == [None, people["gardener"].pk]
