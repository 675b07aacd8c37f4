"""The events app's models: events and what hangs on them (events.py), members'
proposals of events (proposals.py)."""

from .events import (  # noqa: F401
    CalendarToken,
    Event,
    EventInvitation,
    EventMessage,
    Registration,
    new_uid,
    time_zone_choices,
)
from .proposals import EventProposal  # noqa: F401
