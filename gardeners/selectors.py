"""What the gardening pages read: "My gardens", directions.

Every function here costs a fixed number of queries whatever the number of
members or communities: counts come from aggregates and subqueries, lists are
fetched with their people in the same query. The dashboards and the overview
are the insights app's (insights/selectors.py); the pairs are read through
roles/selectors.py.
"""

from django.db.models import Count, Prefetch

from communities import selectors as communities_selectors
from communities.models import Community, Direction
from roles import filters as role_filters

# --- My gardens ---------------------------------------------------------------


def gardened_communities(*, user) -> list[Community]:
    """The communities the user tends, with their member and request counts
    (no query when they tend none)."""
    return list(
        Community.objects.filter(role_filters.gardened_by(user))
        .annotate(
            member_count=Count("memberships"),
            pending_count=communities_selectors.pending_count_per_community(),
        )
        .order_by("name")
    )


# --- Directions ---------------------------------------------------------------


def directions_overview() -> list[Direction]:
    """Directions with their staff count and communities: two queries."""
    return list(
        Direction.objects.annotate(staff_count=Count("staff", distinct=True))
        .prefetch_related(
            Prefetch("communities", queryset=Community.objects.only("name", "slug", "direction"))
        )
        .order_by("name")
    )
