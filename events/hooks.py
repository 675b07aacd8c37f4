"""What events plugs into the lower apps, registered from `EventsConfig.ready()`:
a working group's next meeting is its next published event
(workgroups/meetings.py)."""

from __future__ import annotations

from workgroups import meetings

from . import selectors


def register() -> None:
    meetings.sources.register(selectors.next_group_meeting, name="events.next_group_meeting")
