"""What the communities do: next events, letters in preparation, channels, needs.

Every figure is read through the selectors of the app that owns it (events,
newsletters, discussions, needs); nothing here touches another app's tables.
Each function costs a fixed number of queries whatever the number of
communities, events, letters or messages; see docs/dashboards.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from discussions import selectors as discussions_selectors
from events import selectors as events_selectors
from needs import selectors as needs_selectors
from newsletters import selectors as newsletters_selectors

ACTIVITY_DAYS = 30
NEXT_EVENTS_LIMIT = 5
LIST_LIMIT = 20

# What a community's needs pipeline is: the needs app's own figures.
NeedsPipeline = needs_selectors.Pipeline


# --- Events ---------------------------------------------------------------------


def fill_percent(confirmed: int | None, capacity: int | None) -> int | None:
    """Seats taken, in percent; None when seats are unlimited."""
    if not capacity:
        return None
    return round(100 * (confirmed or 0) / capacity)


@dataclass(frozen=True)
class EventFill:
    event: object  # events.models.Event

    @property
    def fill_percent(self) -> int | None:
        return fill_percent(self.event.confirmed_count, self.event.capacity)


def next_events(*, community, viewer, now: datetime | None = None) -> list[EventFill]:
    """The community's next published events the viewer may see, soonest first:
    one query."""
    events = events_selectors.next_community_events(
        community=community, now=now or timezone.now(), limit=NEXT_EVENTS_LIMIT, user=viewer
    )
    return [EventFill(event) for event in events]


# --- Letters --------------------------------------------------------------------


def letters_in_preparation(*, community) -> list:
    """Open calls, letters being edited, scheduled letters, with their sections: one query."""
    return newsletters_selectors.letters_in_preparation(community=community, limit=LIST_LIMIT)


# --- Channels -------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelActivity:
    channels: list
    messages: int
    posters: int
    days: int = ACTIVITY_DAYS


def channel_activity(*, community, viewer, now: datetime | None = None) -> ChannelActivity:
    """Messages of the last 30 days per open channel the viewer may read, and
    who wrote in the community: two queries."""
    since = (now or timezone.now()) - timedelta(days=ACTIVITY_DAYS)
    activity = discussions_selectors.channel_activity(
        community=community, since=since, limit=LIST_LIMIT, user=viewer
    )
    return ChannelActivity(
        channels=activity.channels, messages=activity.messages, posters=activity.posters
    )


# --- Needs ----------------------------------------------------------------------


def needs_pipelines(community_ids) -> dict[int, NeedsPipeline]:
    """Each community's needs pipeline: one query."""
    return needs_selectors.pipelines(community_ids)


# --- Side by side, for the cultivator -------------------------------------------


def overview_annotations(*, now: datetime | None = None) -> dict:
    """Per-community figures of the other apps for the overview's one query.

    Each app gives its own as correlated subqueries: joining events, letters
    and messages to the memberships would multiply the rows each count sees.
    """
    now = now or timezone.now()
    return {
        **events_selectors.upcoming_per_community(now=now),
        **newsletters_selectors.preparation_per_community(),
        **discussions_selectors.messages_per_community(
            since=now - timedelta(days=ACTIVITY_DAYS)
        ),
    }
