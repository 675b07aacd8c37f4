"""Members per circle month by month, and the flows between circles.

Members per circle over the months are rebuilt *backwards* from today's
memberships and the circle history (`CircleChange`): the count at the end of a
month is today's count minus every change made since. Anchoring on today's
rows keeps the current figures exact even for members whose history predates
the `CircleChange` table; they are counted in their present circle all along.
Both reads are the communities app's selectors; see docs/dashboards.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from communities import selectors as communities_selectors
from communities.models import Circle

MONTHS = 12
CIRCLES = tuple(Circle)  # outside in: citizens, informed, engaged


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

    Two queries, whatever the number of communities, members or changes
    (both are communities' selectors):
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

    today = communities_selectors.members_per_circle(ids)
    # net[community][month][circle]: members gained by the circle that month
    net = {pk: [dict.fromkeys(today[pk], 0) for _ in starts] for pk in ids}
    for row in communities_selectors.circle_changes_per_month(ids, starts):
        pk, a, b = row["community_id"], row["from_circle"], row["to_circle"]
        if a == b:
            continue
        history = histories[pk]
        for i, n in enumerate(row["per_month"]):
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
