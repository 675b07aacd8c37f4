"""What gardeners and the cultivator read: dashboards, overview, pairs, directions.

Every function here costs a fixed number of queries whatever the number of
members or communities: counts come from aggregates and subqueries, lists are
cut to a few rows and fetched with their people in the same query.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from communities.models import Circle, CircleRequest, Community, Direction, Membership

from .models import GardenerPair
from .predicates import gardened_community_ids

RECENT_JOIN_DAYS = 30
# A member silent for this long is worth a personal word from a gardener.
INACTIVE_DAYS = 60
LIST_LIMIT = 20


# --- Gardener dashboard -------------------------------------------------------


@dataclass(frozen=True)
class CircleCount:
    circle: Circle
    count: int


@dataclass(frozen=True)
class Dashboard:
    community: Community
    circle_counts: list[CircleCount]
    total: int
    recent_joiners_count: int
    recent_joiners: list[Membership]
    pending_requests_count: int
    pending_requests: list[CircleRequest]
    to_reengage_count: int
    to_reengage: list[Membership]
    pair: GardenerPair | None
    recent_join_days: int = RECENT_JOIN_DAYS
    inactive_days: int = INACTIVE_DAYS
    list_limit: int = LIST_LIMIT


def _pending_requests(community: Community) -> QuerySet[CircleRequest]:
    return CircleRequest.objects.filter(
        community=community, status=CircleRequest.Status.PENDING
    )


def active_pair(community: Community) -> GardenerPair | None:
    return (
        GardenerPair.objects.filter(community=community, ended_at__isnull=True)
        .select_related("territory_gardener", "institution_gardener", "direction")
        .first()
    )


def community_dashboard(*, community: Community) -> Dashboard:
    """Six queries: one aggregate, one pending count, three short lists, the pair."""
    now = timezone.now()
    joined_since = now - timedelta(days=RECENT_JOIN_DAYS)
    inactive_since = now - timedelta(days=INACTIVE_DAYS)
    members = Membership.objects.filter(community=community)

    counts = members.aggregate(
        total=Count("pk"),
        recent=Count("pk", filter=Q(joined_at__gte=joined_since)),
        inactive=Count("pk", filter=Q(last_active_at__lt=inactive_since)),
        **{f"circle_{c.value}": Count("pk", filter=Q(circle=c.value)) for c in Circle},
    )
    recent_joiners = list(
        members.filter(joined_at__gte=joined_since)
        .select_related("user")
        .order_by("-joined_at", "-pk")[:LIST_LIMIT]
    )
    to_reengage = list(
        members.filter(last_active_at__lt=inactive_since)
        .select_related("user")
        .order_by("last_active_at", "pk")[:LIST_LIMIT]
    )
    pending = _pending_requests(community)
    pending_count = pending.count()
    pending_list = list(pending.select_related("user").order_by("created_at", "pk")[:LIST_LIMIT])

    return Dashboard(
        community=community,
        # From the core outward: the engaged are the ones a gardener knows first.
        circle_counts=[
            CircleCount(circle=c, count=counts[f"circle_{c.value}"]) for c in reversed(Circle)
        ],
        total=counts["total"],
        recent_joiners_count=counts["recent"],
        recent_joiners=recent_joiners,
        pending_requests_count=pending_count,
        pending_requests=pending_list,
        to_reengage_count=counts["inactive"],
        to_reengage=to_reengage,
        pair=active_pair(community),
    )


# --- My gardens ---------------------------------------------------------------


def _pending_count_subquery() -> Coalesce:
    pending = (
        CircleRequest.objects.filter(
            community=OuterRef("pk"), status=CircleRequest.Status.PENDING
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), 0)


def gardened_communities(*, user) -> list[Community]:
    """The communities the user tends, with their member and request counts."""
    ids = gardened_community_ids(user)
    if not ids:
        return []
    return list(
        Community.objects.filter(pk__in=ids)
        .annotate(member_count=Count("memberships"), pending_count=_pending_count_subquery())
        .order_by("name")
    )


# --- Cultivator overview ------------------------------------------------------


def _gardener_name(role: str) -> Subquery:
    """The display name (or address) of one role of the community's active pair."""
    person = (
        GardenerPair.objects.filter(community=OuterRef("pk"), ended_at__isnull=True)
        .annotate(
            person=Coalesce(
                NullIf(F(f"{role}__display_name"), Value("")),
                F(f"{role}__email"),
                output_field=CharField(),
            )
        )
        .values("person")[:1]
    )
    return Subquery(person)


# ?sort=<key> -> the annotation or field the table is ordered by.
OVERVIEW_SORTS = {
    "name": "name",
    "direction": "direction__name",
    "citizens": "citizens",
    "informed": "informed",
    "engaged": "engaged",
    "total": "total",
    "pending": "pending",
    "territory": "territory_name",
    "institution": "institution_name",
    "vacancies": "vacancies",
}
OVERVIEW_DEFAULT_SORT = "name"


def parse_overview_sort(raw: str | None) -> tuple[str, bool]:
    """`?sort=pending` or `?sort=-pending` -> ("pending", descending); unknown -> name."""
    raw = (raw or "").strip()
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in OVERVIEW_SORTS:
        return OVERVIEW_DEFAULT_SORT, False
    return key, descending


def communities_overview(*, sort: str = OVERVIEW_DEFAULT_SORT, descending: bool = False):
    """Every community side by side, in one query."""
    field = OVERVIEW_SORTS.get(sort, OVERVIEW_SORTS[OVERVIEW_DEFAULT_SORT])
    expression = F(field)
    # Vacant roles stay at the bottom whichever way the column is sorted.
    ordering = (
        expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    )
    circle_counts = {
        c.name.lower(): Count("memberships", filter=Q(memberships__circle=c.value)) for c in Circle
    }
    return list(
        Community.objects.select_related("direction")
        .annotate(
            **circle_counts,
            total=Count("memberships"),
            pending=_pending_count_subquery(),
            territory_name=_gardener_name("territory_gardener"),
            institution_name=_gardener_name("institution_gardener"),
        )
        .annotate(
            vacancies=Case(When(territory_name__isnull=True, then=1), default=0)
            + Case(When(institution_name__isnull=True, then=1), default=0)
        )
        .order_by(ordering, "name")
    )


# --- Pairs --------------------------------------------------------------------


def pair_history(*, community: Community) -> list[GardenerPair]:
    """Past pairs of the community, most recent first."""
    return list(
        GardenerPair.objects.filter(community=community, ended_at__isnull=False)
        .select_related("territory_gardener", "institution_gardener", "direction", "appointed_by")
        .order_by("-started_at", "-pk")
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
