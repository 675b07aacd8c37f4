"""Reads of needs: lists, the gardeners' board, counts for dashboards.

Each takes a fixed number of queries whatever the number of items; the tests
pin them at two sizes of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from roles.predicates import agent_direction_ids

from .models import BOARD_STATUSES, OPEN_STATUSES, Need, Relay, Status, Step, Support

# An open item whose status has not moved for this long is flagged on the board.
WAITING_DAYS = 14


def _annotated(queryset: QuerySet) -> QuerySet:
    latest = Step.objects.filter(need=OuterRef("pk")).exclude(to_status=Status.WITHDRAWN)
    return (
        queryset.select_related("author", "community")
        .prefetch_related("tags")
        .annotate(
            me_too_count=Count(
                "supports", filter=Q(supports__kind=Support.Kind.ME_TOO), distinct=True
            ),
            can_help_count=Count(
                "supports", filter=Q(supports__kind=Support.Kind.CAN_HELP), distinct=True
            ),
            last_answer=Subquery(latest.order_by("-at", "-pk").values("answer")[:1]),
        )
    )


def items_for_community(
    *, community, user, sees_all: bool, status: str = "", kind: str = "", tag: str = "",
    mine: bool = False,
) -> QuerySet:
    """The items `user` may read in `community`, newest first, filtered.

    `sees_all` is the caller's answer to `needs.view_board` (the pair, the
    cultivator, site staff): they read the gardeners-only items too. Others
    read the items visible to the community and their own. Withdrawn items
    show only under "mine" or when asked for by status.
    """
    items = Need.objects.filter(community=community)
    if not sees_all:
        visible = Q(visibility=Need.Visibility.COMMUNITY, hidden_at__isnull=True)
        if user.is_authenticated:
            visible |= Q(author=user)
        items = items.filter(visible)
    if mine:
        items = items.filter(author=user) if user.is_authenticated else items.none()
    if status:
        items = items.filter(status=status)
    elif not mine:
        items = items.exclude(status=Status.WITHDRAWN)
    if kind:
        items = items.filter(kind=kind)
    if tag:
        items = items.filter(tags__slug=tag)
    return _annotated(items).order_by("-created_at", "-pk")


def community_tags(community) -> list:
    """The tags used by the community's items visible to all, for the filter:
    not those of the gardeners-only items, nor of the items moderation hid."""
    from taggit.models import Tag

    return list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="needs",
            taggit_taggeditem_items__content_type__model="need",
            taggit_taggeditem_items__object_id__in=Need.objects.filter(
                community=community, visibility=Need.Visibility.COMMUNITY,
                hidden_at__isnull=True,
            ).values("pk"),
        ).distinct().order_by("name")
    )


@dataclass
class Column:
    status: str
    label: str
    items: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


def board(*, community, now: datetime | None = None) -> list[Column]:
    """The pipeline in columns (withdrawn items left it); items waiting longest first.

    Each item gets `waiting` (a timedelta since its status last changed) and
    `overdue` (open and unanswered for WAITING_DAYS or more). Closed columns
    show their most recent items first. Queries: the items, their tags.
    """
    now = now or timezone.now()
    columns = {status: Column(status, Status(status).label) for status in BOARD_STATUSES}
    items = _annotated(
        Need.objects.filter(community=community, status__in=BOARD_STATUSES)
    ).order_by("status_changed_at", "pk")
    limit = timedelta(days=WAITING_DAYS)
    for item in items:
        item.waiting = now - item.status_changed_at
        item.overdue = item.status in OPEN_STATUSES and item.waiting >= limit
        columns[item.status].items.append(item)
    for status in (Status.DONE, Status.DECLINED):
        columns[status].items.reverse()
    return list(columns.values())


def pipeline_counts(community_ids) -> dict[int, dict[str, int]]:
    """{community_id: {status: n}} for the board's statuses, in one query.

    A community with items gets every status (zeros included); one without
    items is absent. Withdrawn items are not counted: they left the pipeline.
    """
    rows = (
        Need.objects.filter(community_id__in=list(community_ids), status__in=BOARD_STATUSES)
        .order_by()
        .values_list("community_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for community_id, status, n in rows:
        counts.setdefault(community_id, {s: 0 for s in BOARD_STATUSES})[status] = n
    return counts


@dataclass(frozen=True)
class Pipeline:
    """How many needs and proposals stand at each step of the gardeners' board."""

    # (status, label, n) in the board's order: new, discussed, connected, done, declined
    steps: list[tuple[str, str, int]]

    @property
    def open(self) -> int:
        return sum(n for status, _label, n in self.steps if status in OPEN_STATUSES)

    @property
    def answered(self) -> int:
        return sum(n for status, _label, n in self.steps if status not in OPEN_STATUSES)

    @property
    def total(self) -> int:
        return sum(n for _status, _label, n in self.steps)


def pipelines(community_ids) -> dict[int, Pipeline]:
    """Each community's pipeline, zeros included, for the dashboards: one query."""
    ids = list(community_ids)
    counts = pipeline_counts(ids) if ids else {}
    return {
        pk: Pipeline(
            steps=[
                (status, Status(status).label, counts.get(pk, {}).get(status, 0))
                for status in BOARD_STATUSES
            ]
        )
        for pk in ids
    }


def need_page(need: Need) -> dict:
    """The item's history, supports, connections and relay (four queries); the
    relay is also cached on the item, for the rules that ask about it."""
    relay = (Relay.objects.filter(need=need)
             .select_related("direction", "relayed_by", "answer_recorded_by").first())
    Need.relay.related.set_cached_value(need, relay)
    return {
        "steps": list(need.steps.select_related("by")),
        "supports": list(need.supports.select_related("user")),
        "connections": list(need.connections.select_related("first", "second", "by")),
        "relay": relay,
    }


def community_block_items(community, *, limit: int = 5) -> list:
    """The latest items visible to the whole community, with their last answer."""
    items = Need.objects.filter(
        community=community, visibility=Need.Visibility.COMMUNITY, hidden_at__isnull=True
    ).exclude(status=Status.WITHDRAWN)
    latest = Step.objects.filter(need=OuterRef("pk")).exclude(to_status=Status.WITHDRAWN)
    return list(
        items.annotate(
            last_answer=Subquery(latest.order_by("-at", "-pk").values("answer")[:1])
        ).order_by("-status_changed_at", "-pk")[:limit]
    )


# --- The direction's side: relays waiting for its answer (issue #16) -------------------

ANSWERED_SHOWN = 20


def direction_relays(user) -> tuple[list[Relay], list[Relay]]:
    """The relays to the directions `user` is an agent of: those waiting for
    an answer (oldest first) and the latest answered (two queries)."""
    relays = (Relay.objects.filter(direction_id__in=agent_direction_ids(user))
              .select_related("need", "need__community", "direction", "relayed_by",
                              "answer_recorded_by"))
    waiting = list(relays.filter(answered_at__isnull=True).order_by("relayed_at", "pk"))
    answered = list(relays.filter(answered_at__isnull=False)
                    .order_by("-answered_at", "-pk")[:ANSWERED_SHOWN])
    return waiting, answered


def relays_waiting_count(user) -> int:
    """How many relays wait for an answer of the person's directions (one query)."""
    ids = agent_direction_ids(user)
    if not ids:
        return 0
    return Relay.objects.filter(direction_id__in=ids, answered_at__isnull=True).count()
