"""The dashboards' indicators: circles month by month, flows, events, letters, channels.

Selectors like those of `selectors.py`, kept apart because they read other
apps' tables (events, newsletters, discussions). Each function costs a fixed
number of queries whatever the number of communities, members, months or
messages; see docs/dashboards.md for what each indicator means.

Members per circle over the months are rebuilt *backwards* from today's
memberships and the circle history (`CircleChange`): the count at the end of a
month is today's count minus every change made since. Anchoring on today's
rows keeps the current figures exact even for members whose history predates
the `CircleChange` table; they are counted in their present circle all along.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from communities.discussions.models import Channel, Message
from communities.models import Circle, CircleChange, Community, Membership
from events.models import Event
from needs.models import BOARD_STATUSES, OPEN_STATUSES
from needs.models import Status as NeedStatus
from needs.selectors import pipeline_counts
from newsletters.models import Letter, Section

MONTHS = 12
ACTIVITY_DAYS = 30
NEXT_EVENTS_LIMIT = 5
LIST_LIMIT = 20
CIRCLES = tuple(Circle)  # outside in: citizens, informed, engaged

# Letters whose content is still being written or waiting to leave.
PREPARATION_STATES = (Letter.State.CALL_OPEN, Letter.State.EDITING, Letter.State.SCHEDULED)


# --- Months ---------------------------------------------------------------------


def month_starts(now: datetime | None = None, months: int = MONTHS) -> list[datetime]:
    """The first instant of each of the last `months` months, oldest first, local time.

    The last one is the start of the current month: its "end" is now.
    """
    local = timezone.localtime(now or timezone.now())
    tz = local.tzinfo
    year, month = local.year, local.month
    starts = []
    for _ in range(months):
        starts.append(datetime(year, month, 1, tzinfo=tz))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


# --- Circles month by month, and flows ------------------------------------------


@dataclass
class Flows:
    """Moves between circles over the window, by circle."""

    joined: dict[int, int] = field(default_factory=lambda: {c.value: 0 for c in CIRCLES})
    left: dict[int, int] = field(default_factory=lambda: {c.value: 0 for c in CIRCLES})
    # (from, to) -> number of moves
    moves: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def joined_total(self) -> int:
        return sum(self.joined.values())

    @property
    def left_total(self) -> int:
        return sum(self.left.values())

    @property
    def inward_total(self) -> int:
        return sum(n for (a, b), n in self.moves.items() if b > a)

    @property
    def outward_total(self) -> int:
        return sum(n for (a, b), n in self.moves.items() if b < a)

    @property
    def joined_items(self) -> list[tuple[Circle, int]]:
        return [(c, self.joined[c.value]) for c in CIRCLES]

    @property
    def left_items(self) -> list[tuple[Circle, int]]:
        return [(c, self.left[c.value]) for c in CIRCLES]

    def pairs(self) -> list[dict]:
        """Every pair of circles with its moves, inward ones first, from the outside in."""
        rows = []
        for inward in (True, False):
            for a in CIRCLES:
                for b in CIRCLES:
                    if a == b or (b > a) != inward:
                        continue
                    rows.append(
                        {"from": a, "to": b, "inward": inward, "count": self.moves.get((a, b), 0)}
                    )
        return rows

    def add(self, other: Flows) -> None:
        for c in self.joined:
            self.joined[c] += other.joined[c]
            self.left[c] += other.left[c]
        for key, n in other.moves.items():
            self.moves[key] = self.moves.get(key, 0) + n


@dataclass
class CircleHistory:
    """Members per circle at the end of each month of the window, and the flows."""

    months: list[date]
    # circle value -> one count per month (the last one is today's)
    counts: dict[int, list[int]]
    # circle value -> count at the start of the window
    before: dict[int, int]
    flows: Flows

    @property
    def totals(self) -> list[int]:
        return [sum(self.counts[c.value][i] for c in CIRCLES) for i in range(len(self.months))]

    def now(self, circle: int) -> int:
        return self.counts[circle][-1]

    @property
    def total_now(self) -> int:
        return sum(self.now(c.value) for c in CIRCLES)

    @property
    def total_before(self) -> int:
        return sum(self.before.values())

    @property
    def net_change(self) -> int:
        return self.total_now - self.total_before

    def rows(self) -> list[dict]:
        """One row per month for the data table: month, a count per circle, total."""
        return [
            {
                "month": month,
                "counts": [self.counts[c.value][i] for c in reversed(CIRCLES)],
                "total": sum(self.counts[c.value][i] for c in CIRCLES),
            }
            for i, month in enumerate(self.months)
        ]

    @classmethod
    def empty(cls, months: list[date]) -> CircleHistory:
        return cls(
            months=months,
            counts={c.value: [0] * len(months) for c in CIRCLES},
            before={c.value: 0 for c in CIRCLES},
            flows=Flows(),
        )

    def add(self, other: CircleHistory) -> None:
        for c in CIRCLES:
            mine, theirs = self.counts[c.value], other.counts[c.value]
            self.counts[c.value] = [a + b for a, b in zip(mine, theirs)]
            self.before[c.value] += other.before[c.value]
        self.flows.add(other.flows)


def circle_histories(
    community_ids, *, now: datetime | None = None, months: int = MONTHS
) -> dict[int, CircleHistory]:
    """Each community's circle history over the last `months` months.

    Two queries, whatever the number of communities, members or changes:
      1. today's members per (community, circle);
      2. the changes since the window opened, per (community, from, to), with
         one conditional count per month.
    """
    now = now or timezone.now()
    starts = month_starts(now, months)
    ids = list(community_ids)
    month_days = [s.date() for s in starts]
    histories = {pk: CircleHistory.empty(month_days) for pk in ids}
    if not ids:
        return histories

    current = (
        Membership.objects.filter(community_id__in=ids)
        .order_by()
        .values_list("community_id", "circle")
        .annotate(n=Count("pk"))
    )
    today = {pk: {c.value: 0 for c in CIRCLES} for pk in ids}
    for community_id, circle, n in current:
        today[community_id][circle] = n

    bounds = [*starts[1:], None]
    per_month = {
        f"m{i}": Count(
            "pk",
            filter=Q(created_at__gte=start) & (Q(created_at__lt=end) if end else Q()),
        )
        for i, (start, end) in enumerate(zip(starts, bounds))
    }
    changes = (
        CircleChange.objects.filter(community_id__in=ids, created_at__gte=starts[0])
        .order_by()
        .values("community_id", "from_circle", "to_circle")
        .annotate(**per_month)
    )
    # net[community][month][circle]: members gained by the circle that month
    net = {pk: [dict.fromkeys(today[pk], 0) for _ in starts] for pk in ids}
    for row in changes:
        pk, a, b = row["community_id"], row["from_circle"], row["to_circle"]
        if a == b:
            continue
        history = histories[pk]
        for i in range(len(starts)):
            n = row[f"m{i}"]
            if not n:
                continue
            if b is not None:
                net[pk][i][b] += n
            if a is not None:
                net[pk][i][a] -= n
            if a is None and b is not None:
                history.flows.joined[b] += n
            elif b is None and a is not None:
                history.flows.left[a] += n
            elif a is not None and b is not None:
                history.flows.moves[(a, b)] = history.flows.moves.get((a, b), 0) + n

    for pk in ids:
        history = histories[pk]
        count = dict(today[pk])
        # Walk back from today: the end of month i is the end of month i+1
        # minus what month i+1 brought.
        for i in range(len(starts) - 1, -1, -1):
            for c in CIRCLES:
                # A history that does not add up (rows deleted by hand) must
                # not draw negative members.
                history.counts[c.value][i] = max(count[c.value], 0)
                count[c.value] -= net[pk][i][c.value]
        history.before = {c.value: max(count[c.value], 0) for c in CIRCLES}
    return histories


def combined_history(histories: dict[int, CircleHistory], months: list[date]) -> CircleHistory:
    total = CircleHistory.empty(months)
    for history in histories.values():
        total.add(history)
    return total


# --- Events ---------------------------------------------------------------------


def fill_percent(confirmed: int | None, capacity: int | None) -> int | None:
    """Seats taken, in percent; None when seats are unlimited."""
    if not capacity:
        return None
    return round(100 * (confirmed or 0) / capacity)


@dataclass(frozen=True)
class EventFill:
    event: Event

    @property
    def fill_percent(self) -> int | None:
        return fill_percent(self.event.confirmed_count, self.event.capacity)


def next_events(*, community: Community, now: datetime | None = None) -> list[EventFill]:
    """The community's next published events, soonest first: one query."""
    events = (
        Event.objects.filter(
            community=community,
            state=Event.State.PUBLISHED,
            starts_at__gte=now or timezone.now(),
        )
        .only(
            "pk", "title", "starts_at", "time_zone", "capacity", "confirmed_count",
            "waiting_count", "community_id", "state",
        )
        .order_by("starts_at", "pk")[:NEXT_EVENTS_LIMIT]
    )
    return [EventFill(event) for event in events]


# --- Letters --------------------------------------------------------------------


def letters_in_preparation(*, community: Community) -> list[Letter]:
    """Open calls, letters being edited, scheduled letters, with their sections: one query."""
    return list(
        Letter.objects.filter(community=community, state__in=PREPARATION_STATES)
        .annotate(
            sections_waiting=Count("sections", filter=Q(sections__state=Section.State.PROPOSED)),
            sections_accepted=Count("sections", filter=Q(sections__state=Section.State.ACCEPTED)),
        )
        .order_by("planned_for", "pk")[:LIST_LIMIT]
    )


# --- Channels -------------------------------------------------------------------


def _recent_messages_q(since: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}created_at__gte": since, f"{prefix}deleted_at__isnull": True})


@dataclass(frozen=True)
class ChannelActivity:
    channels: list[Channel]
    messages: int
    posters: int
    days: int = ACTIVITY_DAYS


def channel_activity(*, community: Community, now: datetime | None = None) -> ChannelActivity:
    """Messages of the last 30 days per open channel, and who wrote: two queries."""
    since = (now or timezone.now()) - timedelta(days=ACTIVITY_DAYS)
    recent = _recent_messages_q(since, "messages__")
    channels = list(
        Channel.objects.filter(community=community, archived_at__isnull=True)
        .annotate(
            recent_messages=Count("messages", filter=recent),
            recent_posters=Count("messages__author", filter=recent, distinct=True),
        )
        .order_by("-recent_messages", "name", "pk")[:LIST_LIMIT]
    )
    # A person writing in two channels is one poster of the community.
    totals = Message.objects.filter(
        _recent_messages_q(since), channel__community=community
    ).aggregate(messages=Count("pk"), posters=Count("author", distinct=True))
    return ChannelActivity(
        channels=channels, messages=totals["messages"], posters=totals["posters"]
    )


# --- Needs --------------------------------------------------------------------


@dataclass(frozen=True)
class NeedsPipeline:
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


def needs_pipelines(community_ids) -> dict[int, NeedsPipeline]:
    """Each community's needs pipeline: one query (`needs.selectors.pipeline_counts`)."""
    ids = list(community_ids)
    counts = pipeline_counts(ids) if ids else {}
    return {
        pk: NeedsPipeline(
            steps=[
                (status, NeedStatus(status).label, counts.get(pk, {}).get(status, 0))
                for status in BOARD_STATUSES
            ]
        )
        for pk in ids
    }


# --- Side by side, for the cultivator -------------------------------------------


def _int_subquery(queryset, aggregate) -> Coalesce:
    rows = queryset.order_by().values("community").annotate(n=aggregate).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def overview_annotations(*, now: datetime | None = None, inactive_days: int) -> dict:
    """Per-community figures for the overview query, as correlated subqueries.

    Subqueries rather than joins: joining events, letters and messages to the
    memberships would multiply the rows each count sees.
    """
    now = now or timezone.now()
    upcoming = Event.objects.filter(
        community=OuterRef("pk"), state=Event.State.PUBLISHED, starts_at__gte=now
    )
    with_seats = upcoming.filter(capacity__isnull=False)
    letters = Letter.objects.filter(community=OuterRef("pk"), state__in=PREPARATION_STATES)
    sections = Section.objects.filter(
        letter__community=OuterRef("pk"),
        letter__state__in=PREPARATION_STATES,
        state=Section.State.PROPOSED,
    )
    messages = Message.objects.filter(
        _recent_messages_q(now - timedelta(days=ACTIVITY_DAYS)), channel__community=OuterRef("pk")
    )
    inactive_since = now - timedelta(days=inactive_days)
    return {
        "to_reengage": Count(
            "memberships", filter=Q(memberships__last_active_at__lt=inactive_since)
        ),
        "upcoming_events": _int_subquery(upcoming, Count("pk")),
        "upcoming_waiting": _int_subquery(upcoming, Sum("waiting_count")),
        "seats_taken": _int_subquery(with_seats, Sum("confirmed_count")),
        "seats": _int_subquery(with_seats, Sum("capacity")),
        "letters_preparing": _int_subquery(letters, Count("pk")),
        "sections_waiting": Coalesce(
            Subquery(
                sections.order_by()
                .values("letter__community")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        "messages": Coalesce(
            Subquery(
                messages.order_by()
                .values("channel__community")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    }
