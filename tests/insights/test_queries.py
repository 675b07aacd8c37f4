"""The dashboard and the overview cost the same number of queries at any size."""

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
def gardener_client(client, community):
    gardener = UserFactory()
    GardenerPairFactory(community=community, territory_gardener=gardener)
    client.force_login(gardener)
    return client


# Queries of the dashboard, whatever the size (tests/insights/test_dashboards.py
# lists them and fills the other indicators):
#  1-10. session, user, community, gardened communities, circle and activity
#  counts, recent joiners, silent members, pending count, pending requests, pair
#  11-17. members per circle today, circle changes, next events, letters,
#  channels, posters, needs  18. unread notifications  19. cultivator
#  20. open moderation reports (the queue's badge)
# 20, and 2 for the events the viewer may see (memberships, direction agent).
# (The cultivator question moves there from the navigation.)
DASHBOARD_QUERIES = 22


@pytest.mark.parametrize("size", [10, 1000])
def test_the_dashboard_costs_the_same_with_10_or_1000_members(
    gardener_client, community, django_assert_num_queries, size
):
    populate(community, size)
    url = reverse("insights:dashboard", kwargs={"slug": community.slug})

    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = gardener_client.get(url)

    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    assert dashboard.total == size
    assert len(dashboard.recent_joiners) == min(size // 2, 20)
    assert len(dashboard.to_reengage) == min((size + 1) // 2, 20)


@pytest.fixture
def cultivator_client(client, cultivator_direction):
    cultivator = UserFactory()
    cultivator_direction.staff.add(cultivator)
    client.force_login(cultivator)
    return client


# Queries of the overview, whatever the number of communities:
#  1. session  2. user  3. is the user the cultivator  4. the communities with
#  their counts, pair and activity (one query)  5. members per circle today
#  6. circle changes of the window  7. needs per status  8. unread
#  notifications (navigation)  9. does the user garden a community (navigation)
OVERVIEW_QUERIES = 9


@pytest.mark.parametrize("size", [3, 12])
@pytest.mark.parametrize("sort", ["name", "-pending", "territory"])
def test_the_overview_costs_the_same_with_3_or_12_communities(
    cultivator_client, django_assert_num_queries, size, sort
):
    for i in range(size):
        community = CommunityFactory()
        populate(community, 6)
        if i % 2:
            GardenerPairFactory(community=community)

    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = cultivator_client.get(reverse("insights:overview"), {"sort": sort})

    assert response.status_code == 200
    assert len(response.context["communities"]) == size
    assert all(c.total == 6 for c in response.context["communities"])


