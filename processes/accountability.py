"""Which proposals are owed an argued answer, and which answers are overdue.

Pure functions over plain values, used by the selectors (the process page's
counters) and the tests; docs/processes.md says why they are so.

- A proposal is owed an answer when it is not hidden and either came from a
  workshop (many voices behind one text) or reached the mandate's support
  threshold.
- An owed answer is overdue when the commitment date has passed without one,
  or when it was given after that date (a late answer stays counted late:
  the promise was the date). The commitment date itself is still on time;
  days are the site's (Europe/Paris) days.
- Every accepted recommendation of a published citizen opinion is owed an
  answer by the same date, counted the same way (`recommendation_counters`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


def is_owed_answer(*, hidden: bool, from_workshop: bool, supports: int, threshold: int) -> bool:
    return not hidden and (from_workshop or supports >= threshold)


def is_overdue(*, answered_at: dt.datetime | None, due_on: dt.date, today: dt.date) -> bool:
    if answered_at is None:
        return today > due_on
    return timezone.localdate(answered_at) > due_on


@dataclass(frozen=True)
class Counters:
    owed: int
    answered: int
    overdue: int

    @property
    def waiting(self) -> int:
        return self.owed - self.answered


def counters(rows, *, due_on: dt.date, threshold: int, today: dt.date) -> Counters:
    """`rows`: (hidden, from_workshop, supports, answered_at) per proposal."""
    owed = answered = overdue = 0
    for hidden, from_workshop, supports, answered_at in rows:
        if not is_owed_answer(hidden=hidden, from_workshop=from_workshop, supports=supports,
                              threshold=threshold):
            continue
        owed += 1
        answered += answered_at is not None
        overdue += is_overdue(answered_at=answered_at, due_on=due_on, today=today)
    return Counters(owed=owed, answered=answered, overdue=overdue)


def recommendation_counters(answered_ats, *, due_on: dt.date, today: dt.date) -> Counters:
    """Every recommendation of the published opinion is owed an answer (item
    5), due by the same commitment date and late the same way as a proposal's.
    `answered_ats`: one `answered_at` (or None) per published recommendation."""
    answered_ats = list(answered_ats)
    return Counters(
        owed=len(answered_ats),
        answered=sum(at is not None for at in answered_ats),
        overdue=sum(is_overdue(answered_at=at, due_on=due_on, today=today) for at in answered_ats),
    )
