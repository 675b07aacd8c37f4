"""Pages cost the same number of queries with ten or a thousand rows.

Each test warms the page up once (per-process caches such as content types),
counts its queries with a little data, adds a lot more and asserts the same
count. The count is measured rather than pinned: base.html belongs to every
app and its navigation may legitimately ask one more question; what must
never happen is a query per row.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities import services
from communities.models import Circle, CircleChange, Community, Membership
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def add_members(community: Community, count: int, *, start: int = 0) -> None:
    """`count` members spread over the three circles, each with a history line."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"m{community.pk}-{n}@example.org", display_name=f"Member {n:04}")
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=user, circle=n % 3 + 1)
        for n, user in enumerate(users)
    )
    CircleChange.objects.bulk_create(
        CircleChange(community=community, user=user, actor=user, kind="joined", to_circle=1)
        for user in users
    )


def queries_of(client, path: str) -> int:
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_community_page_for_anyone(client, community, pair, django_assert_num_queries):
    add_members(community, 10)
    # The community with its counts and direction, its themes, its active pair.
    small = queries_of(client, community.get_absolute_url())
    add_members(community, 990, start=10)

    with django_assert_num_queries(small):
        response = client.get(community.get_absolute_url())

    assert response.context["counts"] == [(1, 334), (2, 333), (3, 333)]


def test_community_page_for_a_member(login, people, community, django_assert_num_queries):
    add_members(community, 10)
    services.circle_request_create(
        community=community, user=people["informed"], circle=Circle.ENGAGED, message="Please."
    )
    client = login(people["informed"])
    small = queries_of(client, community.get_absolute_url())
    add_members(community, 990, start=10)

    with django_assert_num_queries(small):
        response = client.get(community.get_absolute_url())

    assert response.context["pending_request"] is not None


def test_member_list(login, people, community, django_assert_num_queries):
    add_members(community, 10)
    client = login(people["gardener"])
    path = reverse("communities:members", args=[community.slug])
    small = queries_of(client, path)
    add_members(community, 990, start=10)

    with django_assert_num_queries(small):
        response = client.get(path)

    assert len(response.context["members"]) == 50
    assert response.context["total"] == 1003


def test_member_page_with_a_long_history(login, people, community, django_assert_num_queries):
    member, gardener = people["citizen"], people["gardener"]

    def moves(count):
        CircleChange.objects.bulk_create(
            CircleChange(community=community, user=member, actor=gardener, kind="moved",
                         from_circle=1, to_circle=2, reason=f"Move {n}")
            for n in range(count)
        )

    moves(10)
    client = login(gardener)
    path = reverse("communities:member", args=[community.slug, member.pk])
    small = queries_of(client, path)
    moves(990)

    with django_assert_num_queries(small):
        response = client.get(path)

    assert len(response.context["history"]) == 1000


def test_community_list(client, db, django_assert_num_queries):
    def communities(count):
        for n in range(count):
            community = CommunityFactory()
            community.themes.add(f"theme-{community.pk}", "commun")
            MembershipFactory(community=community)

    communities(2)
    small = queries_of(client, reverse("communities:list"))
    communities(28)

    with django_assert_num_queries(small):
        response = client.get(reverse("communities:list"))

    assert len(response.context["communities"]) == 24


def test_home(client, db, django_assert_num_queries):
    def communities_with_events(count):
        for _ in range(count):
            community = CommunityFactory()
            MembershipFactory(community=community)
            EventFactory(community=community)
            EventFactory(community=None)

    communities_with_events(1)
    small = queries_of(client, "/")
    communities_with_events(14)

    with django_assert_num_queries(small):
        response = client.get("/")

    assert len(response.context["communities"]) == 12
    assert len(response.context["next_events"]) == 3


def test_my_communities(login, people, django_assert_num_queries):
    citizen = people["citizen"]

    def join_and_ask(count):
        for _ in range(count):
            community = CommunityFactory()
            services.membership_join(community=community, user=citizen)
            services.circle_request_create(
                community=community, user=citizen, circle=Circle.ENGAGED, message="Please."
            )
        left = CommunityFactory()
        services.membership_join(community=left, user=citizen)
        services.membership_leave(community=left, user=citizen)

    join_and_ask(1)
    client = login(citizen)
    small = queries_of(client, reverse("communities:mine"))
    join_and_ask(8)

    with django_assert_num_queries(small):
        response = client.get(reverse("communities:mine"))

    assert len(response.context["current"]) == 10
    assert len(response.context["past"]) == 2


def test_requests_page(login, people, community, django_assert_num_queries):
    def ask_from_citizens():
        for membership in Membership.objects.filter(community=community, circle=Circle.CITIZENS):
            if not membership.user.circle_requests.exists():
                services.circle_request_create(
                    community=community, user=membership.user, circle=Circle.INFORMED,
                    message="Please.",
                )

    add_members(community, 3)
    ask_from_citizens()
    client = login(people["gardener"])
    path = reverse("communities:requests", args=[community.slug])
    small = queries_of(client, path)
    add_members(community, 60, start=3)
    ask_from_citizens()

    with django_assert_num_queries(small):
        response = client.get(path)

    assert len(response.context["pending"]) == 22
