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

from . import indicators
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
    history: indicators.CircleHistory
    next_events: list[indicators.EventFill]
    letters: list
    channels: indicators.ChannelActivity
    needs: indicators.NeedsPipeline
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
    """Twelve queries whatever the size of the community.

    One aggregate, one pending count, three short lists, the pair; then the
    indicators: members per circle today and the circle changes of the last
    twelve months (two), the needs pipeline, next events, letters in
    preparation, channels and their posters (two).
    """
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
        history=indicators.circle_histories([community.pk], now=now)[community.pk],
        next_events=indicators.next_events(community=community, now=now),
        letters=indicators.letters_in_preparation(community=community),
        channels=indicators.channel_activity(community=community, now=now),
        needs=indicators.needs_pipelines([community.pk])[community.pk],
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


# The overview's columns, in order: ?sort=<key> -> the row attribute.
OVERVIEW_SORTS = {
    "name": "name",
    "direction": "direction_name",
    "citizens": "citizens",
    "informed": "informed",
    "engaged": "engaged",
    "total": "total",
    "citizens_before": "citizens_before",
    "informed_before": "informed_before",
    "engaged_before": "engaged_before",
    "total_before": "total_before",
    "net_change": "net_change",
    "joined": "joined",
    "moved_in": "moved_in",
    "moved_out": "moved_out",
    "left": "left",
    "needs_open": "needs_open",
    "needs_answered": "needs_answered",
    "upcoming_events": "upcoming_events",
    "fill_rate": "fill_rate",
    "upcoming_waiting": "upcoming_waiting",
    "letters": "letters_preparing",
    "sections_waiting": "sections_waiting",
    "messages": "messages",
    "to_reengage": "to_reengage",
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


def _sorted(rows: list, sort: str, descending: bool) -> list:
    """Sort by one column, names breaking ties; empty cells last either way."""
    attribute = OVERVIEW_SORTS.get(sort, OVERVIEW_SORTS[OVERVIEW_DEFAULT_SORT])

    def value(row):
        v = getattr(row, attribute)
        return v.casefold() if isinstance(v, str) else v

    rows = sorted(rows, key=lambda row: row.name.casefold())
    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    present.sort(key=value, reverse=descending)
    return present + missing


@dataclass(frozen=True)
class Overview:
    communities: list[Community]
    # Every community added up, month by month.
    history: "indicators.CircleHistory"
    months: int = indicators.MONTHS
    activity_days: int = indicators.ACTIVITY_DAYS
    inactive_days: int = INACTIVE_DAYS


def communities_overview(
    *, sort: str = OVERVIEW_DEFAULT_SORT, descending: bool = False
) -> Overview:
    """Every community side by side with its indicators.

    Four queries: the communities with their counts, pair and activity as
    subqueries; today's members per circle; the circle changes of the last
    twelve months; the needs per status.
    """
    now = timezone.now()
    circle_counts = {
        c.name.lower(): Count("memberships", filter=Q(memberships__circle=c.value)) for c in Circle
    }
    communities = list(
        Community.objects.select_related("direction")
        .annotate(
            **circle_counts,
            total=Count("memberships"),
            pending=_pending_count_subquery(),
            territory_name=_gardener_name("territory_gardener"),
            institution_name=_gardener_name("institution_gardener"),
            **indicators.overview_annotations(now=now, inactive_days=INACTIVE_DAYS),
        )
        .annotate(
            vacancies=Case(When(territory_name__isnull=True, then=1), default=0)
            + Case(When(institution_name__isnull=True, then=1), default=0)
        )
    )
    ids = [c.pk for c in communities]
    histories = indicators.circle_histories(ids, now=now)
    needs = indicators.needs_pipelines(ids)
    for community in communities:
        history = histories[community.pk]
        flows = history.flows
        community.direction_name = community.direction.name
        community.history = history
        for c in Circle:
            setattr(community, f"{c.name.lower()}_before", history.before[c.value])
        community.total_before = history.total_before
        community.net_change = community.total - community.total_before
        community.joined = flows.joined_total
        community.moved_in = flows.inward_total
        community.moved_out = flows.outward_total
        community.left = flows.left_total
        community.fill_rate = indicators.fill_percent(community.seats_taken, community.seats)
        community.needs_open = needs[community.pk].open
        community.needs_answered = needs[community.pk].answered
    return Overview(
        communities=_sorted(communities, sort, descending),
        history=indicators.combined_history(
            histories, [m.date() for m in indicators.month_starts(now)]
        ),
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
