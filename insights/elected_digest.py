"""The elected officials' monthly digest (issue #16, file 004: "a meeting
space between actors, elected officials and agents").

On the first days of each month, every elected official linked to
communities gets one notification (kind `elected_digest`, with its own
e-mail) about the month just ended in those communities: the events held
and those coming in the new month, the letters sent, the needs relayed to a
direction of the institution and the directions' answers. What they may
read only: public events and letters, items visible to the whole community.

Once per person and month: `roles.services.elected_digest_claim` marks the
month in the same transaction as the notification (a conditional UPDATE),
so a second run, or two workers at once, send nothing more. Reads go through
the apps' selectors (this app runs no query of its own).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from events.digests import events_for_digest
from needs.digests import relays_for_digest
from newsletters.digests import letters_for_digest
from notifications.services import notify
from roles import selectors as roles
from roles.services import elected_digest_claim

KIND = "elected_digest"
TIME_ZONE = ZoneInfo("Europe/Paris")


def _month_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, 1, tzinfo=TIME_ZONE)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def digest_month(now: dt.datetime) -> dt.date:
    """The month a digest sent at `now` is about: the one just ended (its first day)."""
    today = timezone.localtime(now, TIME_ZONE).date()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def digest_content(official, month: dt.date) -> dict:
    """What the digest of `month` says to this official."""
    communities = list(official.communities.all())
    ids = [c.pk for c in communities]
    start, end = _month_start(month), _month_start(_next_month(month))
    following = _month_start(_next_month(_next_month(month)))
    person = official.person
    relays = relays_for_digest(community_ids=ids, start=start, end=end)
    return {
        "month": month,
        "communities": communities,
        "events_held": events_for_digest(community_ids=ids, start=start, end=end, user=person),
        "events_coming": events_for_digest(
            community_ids=ids, start=end, end=following, user=person
        ),
        "letters": letters_for_digest(communities=communities, start=start, end=end,
                                      user=person),
        "relayed": [r for r in relays if start <= r.relayed_at < end],
        "answered": [r for r in relays if r.answered_at and start <= r.answered_at < end],
    }


def elected_digests_send(*, now: dt.datetime | None = None) -> int:
    """Send the last month's digest to every elected official who has not had it."""
    month = digest_month(now or timezone.now())
    sent = 0
    for official in roles.elected_officials():
        if not official.communities.all():
            continue
        with transaction.atomic():
            if not elected_digest_claim(official_id=official.pk, month=month):
                continue
            notify(
                [official.person], KIND, about=official,
                email_kwargs={"month": month.isoformat()},
                data={"month": month.isoformat(),
                      "communities": ", ".join(c.name for c in official.communities.all())},
            )
            sent += 1
    return sent
