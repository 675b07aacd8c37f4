"""What the dashboards read: one community's dashboard, every community side by side.

Everything comes through the selectors of the apps that own the figures
(communities, roles, events, newsletters, discussions, needs), so each
function costs a fixed number of queries whatever the number of members or
communities: counts come from aggregates and subqueries, lists are cut to a
few rows and fetched with their people in the same query.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from communities import selectors as communities_selectors
from communities.models import Circle, CircleRequest, Community, Membership
from roles import selectors as role_selectors
from roles.models import GardenerPair
from terreau.french import sort_key

from . import indicators

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


def community_dashboard(*, community: Community, viewer) -> Dashboard:
    """Fifteen queries whatever the size of the community.

    One aggregate, two short lists of members, the pending requests (count
    and list), the pair; then the indicators: members per circle today and
    the circle changes of the last twelve months (two), the next events,
    letters in preparation, channels and their posters (two), the needs.
    The events listed are those the viewer may see (`events.view_event`'s
    twin), the channels those the viewer may read: the cultivator's dashboard
    names no event of a chosen circle and no channel.
    """
    now = timezone.now()
    joined_since = now - timedelta(days=RECENT_JOIN_DAYS)
    inactive_since = now - timedelta(days=INACTIVE_DAYS)
    counts = communities_selectors.member_figures(
        community=community, joined_since=joined_since, inactive_since=inactive_since
    )
    pending = communities_selectors.pending_requests(community)
    pending_count = pending.count()

    return Dashboard(
        community=community,
        # From the core outward: the engaged are the ones a gardener knows first.
        circle_counts=[
            CircleCount(circle=c, count=counts[f"circle_{c.value}"]) for c in reversed(Circle)
        ],
        total=counts["total"],
        recent_joiners_count=counts["recent"],
        recent_joiners=communities_selectors.recent_joiners(
            community=community, since=joined_since, limit=LIST_LIMIT
        ),
        pending_requests_count=pending_count,
        pending_requests=list(pending[:LIST_LIMIT]),
        to_reengage_count=counts["inactive"],
        to_reengage=communities_selectors.silent_members(
            community=community, since=inactive_since, limit=LIST_LIMIT
        ),
        pair=role_selectors.active_pair(community),
        history=indicators.circle_histories([community.pk], now=now)[community.pk],
        next_events=indicators.next_events(community=community, viewer=viewer, now=now),
        letters=indicators.letters_in_preparation(community=community),
        channels=indicators.channel_activity(community=community, viewer=viewer, now=now),
        needs=indicators.needs_pipelines([community.pk])[community.pk],
    )


# --- Cultivator overview ------------------------------------------------------


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


def sort_overview_rows(rows: list, sort: str, descending: bool) -> list:
    """Sort by one column, names breaking ties; empty cells last either way."""
    attribute = OVERVIEW_SORTS.get(sort, OVERVIEW_SORTS[OVERVIEW_DEFAULT_SORT])

    def value(row):
        v = getattr(row, attribute)
        return sort_key(v) if isinstance(v, str) else v

    rows = sorted(rows, key=lambda row: sort_key(row.name))
    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    present.sort(key=value, reverse=descending)
    return present + missing


@dataclass(frozen=True)
class Overview:
    communities: list[Community]
    # Every community added up, month by month.
    history: indicators.CircleHistory
    months: int = indicators.MONTHS
    activity_days: int = indicators.ACTIVITY_DAYS
    inactive_days: int = INACTIVE_DAYS
    # When the figures were read (insights/snapshots.py keeps them a while).
    taken_at: datetime | None = None


def communities_overview(
    *, sort: str = OVERVIEW_DEFAULT_SORT, descending: bool = False
) -> Overview:
    """Every community side by side with its indicators.

    Four queries: the communities with their counts, pair and activity as
    subqueries; today's members per circle; the circle changes of the last
    twelve months; the needs per status.
    """
    now = timezone.now()
    communities = communities_selectors.communities_side_by_side(
        inactive_since=now - timedelta(days=INACTIVE_DAYS),
        **role_selectors.pair_names_per_community(),
        **indicators.overview_annotations(now=now),
    )
    ids = [c.pk for c in communities]
    histories = indicators.circle_histories(ids, now=now)
    needs = indicators.needs_pipelines(ids)
    for community in communities:
        history = histories[community.pk]
        flows = history.flows
        community.direction_name = community.direction.name
        community.vacancies = (community.territory_name is None) + (
            community.institution_name is None
        )
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
        taken_at=now,
        communities=sort_overview_rows(communities, sort, descending),
        history=indicators.combined_history(
            histories, [m.date() for m in indicators.month_starts(now)]
        ),
    )
