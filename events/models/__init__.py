"""The events app's models: events, registrations and calendar tokens
(events.py), what organising an event keeps (organising.py), members'
proposals of events and their date polls (proposals.py)."""

from .events import (  # noqa: F401
    CalendarToken,
    Event,
    Registration,
    new_uid,
    time_zone_choices,
)
from .organising import EventCoOrganiser, EventInvitation, EventMessage  # noqa: F401
from .proposals import DatePollAnswer, EventProposal, ProposalDateOption  # noqa: F401
