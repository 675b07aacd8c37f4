"""The dashboards' indicators: circles month by month, flows, events, letters, channels, needs.

Read through the selectors of the apps that own the figures (communities,
events, newsletters, discussions, needs), never their tables. See
docs/dashboards.md for what each indicator means.
"""

from .activity import (
    ACTIVITY_DAYS,
    ChannelActivity,
    EventFill,
    NeedsPipeline,
    channel_activity,
    fill_percent,
    letters_in_preparation,
    needs_pipelines,
    next_events,
    overview_annotations,
)
from .circles import (
    CIRCLES,
    MONTHS,
    CircleHistory,
    Flows,
    circle_histories,
    combined_history,
    month_starts,
)

__all__ = [
    "ACTIVITY_DAYS",
    "CIRCLES",
    "MONTHS",
    "ChannelActivity",
    "CircleHistory",
    "EventFill",
    "Flows",
    "NeedsPipeline",
    "channel_activity",
    "circle_histories",
    "combined_history",
    "fill_percent",
    "letters_in_preparation",
    "month_starts",
    "needs_pipelines",
    "next_events",
    "overview_annotations",
]
