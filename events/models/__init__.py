"""The events app's models: events and what hangs on them (events.py), members'
proposals of events and their date polls (proposals.py)."""

from .events import (  # noqa: F401
    CalendarToken,
    Event,
    EventCoOrganiser,
    EventInvitation,
    EventMessage,
    Registration,
    new_uid,
    time_zone_choices,
)
from .proposals import DatePollAnswer, EventProposal, ProposalDateOption  # noqa: F401
