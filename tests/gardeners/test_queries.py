"""The gardening pages cost the same number of queries at any size."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle, CircleRequest, Membership
from tests.factories import CommunityFactory, GardenerPairFactory, UserFactory

User = get_user_model()


def populate(community, size: int) -> None:
    """`size` members in every circle, some new, some silent, some asking to move."""
    users = User.objects.bulk_create(
        User(email=f"{community.slug}-{i}@example.org", display_name=f"Member {i}")
        for i in range(size)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=user, circle=Circle.values[i % 3])
        for i, user in enumerate(users)
    )
    members = Membership.objects.filter(community=community)
    long_ago = timezone.now() - timedelta(days=120)
    members.filter(user__in=users[::2]).update(joined_at=long_ago, last_active_at=long_ago)
    CircleRequest.objects.bulk_create(
        CircleRequest(community=community, user=user, circle=Circle.ENGAGED, message="Please.")
        for user in users[1::3]
    )


@pytest.fixture
def cultivator_client(client, cultivator_direction):
    cultivator = UserFactory()
    cultivator_direction.staff.add(cultivator)
    client.force_login(cultivator)
    return client


# Queries of the pair page: session, user, community, cultivator, active pair,
# history, directions of the form's select, unread notifications and gardened
# communities (navigation).
PAIR_QUERIES = 9


@pytest.mark.parametrize("past_pairs", [1, 8])
def test_the_pair_page_costs_the_same_with_a_short_or_long_history(
    cultivator_client, community, django_assert_num_queries, past_pairs
):
    for _ in range(past_pairs):
        GardenerPairFactory(community=community, ended_at=timezone.now())
    GardenerPairFactory(community=community)
    url = reverse("gardeners:pair_appoint", kwargs={"slug": community.slug})

    with django_assert_num_queries(PAIR_QUERIES):
        response = cultivator_client.get(url)

    assert len(response.context["history"]) == past_pairs


# Queries of the directions page: session, user, cultivator, directions with
# their staff count, their communities, unread notifications and gardened
# communities (navigation).
DIRECTIONS_QUERIES = 7


@pytest.mark.parametrize("size", [2, 9])
def test_the_directions_page_costs_the_same_with_few_or_many_directions(
    cultivator_client, django_assert_num_queries, size
):
    for _ in range(size):
        CommunityFactory().direction.staff.add(UserFactory())

    with django_assert_num_queries(DIRECTIONS_QUERIES):
        response = cultivator_client.get(reverse("gardeners:directions"))

    assert len(response.context["directions"]) == size + 1


# Queries of "My gardens": session, user, gardened communities, the communities
# with their counts, cultivator (links across communities), unread
# notifications (navigation), then the user's and their groups' model
# permissions, which Django's backend reads once when rules says no to a
# permission asked without an object.
HOME_QUERIES = 8


@pytest.mark.parametrize("size", [1, 6])
def test_my_gardens_costs_the_same_with_one_or_many_gardens(
    client, db, django_assert_num_queries, size
):
    gardener = UserFactory()
    for _ in range(size):
        community = CommunityFactory()
        populate(community, 4)
        GardenerPairFactory(community=community, institution_gardener=gardener)
    client.force_login(gardener)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("gardeners:home"))

    assert len(response.context["communities"]) == size
    gardens = response.context["communities"]
    assert all(c.member_count == 4 and c.pending_count == 1 for c in gardens)
