"""Where a working group's next meeting comes from: the apps that hold meetings.

Events sit above workgroups, so workgroups may not read them; the events app
registers a source here from its `AppConfig.ready()` (events/hooks.py), and
the group page asks `sources.next_meeting(group)`: the earliest answer of
every source, None when no source knows of one. Registering a source twice
(same name) is an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from .models import WorkingGroup


class Meeting(Protocol):
    """What the group page shows of a meeting."""

    title: str
    starts_at: datetime

    def get_absolute_url(self) -> str: ...


class NextMeetingSource(Protocol):
    def __call__(self, group: WorkingGroup, /) -> Meeting | None: ...


class MeetingSources:
    def __init__(self, sources=()):
        self._sources: dict[str, NextMeetingSource] = dict(sources)

    def register(self, source: NextMeetingSource, *, name: str) -> NextMeetingSource:
        if name in self._sources or source in self._sources.values():
            raise ImproperlyConfigured(f"Meeting source {name!r} is already registered.")
        self._sources[name] = source
        return source

    def names(self) -> list[str]:
        return list(self._sources)

    def copy(self) -> MeetingSources:
        return MeetingSources(self._sources.items())

    def next_meeting(self, group: WorkingGroup) -> Meeting | None:
        """One query per registered source."""
        found = [m for m in (source(group) for source in self._sources.values()) if m]
        return min(found, key=lambda m: m.starts_at, default=None)


sources = MeetingSources()
