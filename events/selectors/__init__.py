"""The events app's reads, in a constant number of queries: what someone may see
of events and registrations (reading.py); what organising them reads, the
invitations' conversion, members' proposals and date polls, the team
(organising.py)."""

from .organising import (  # noqa: F401
    invitation_conversion,
    pending_proposals,
    poll_answer_count,
    poll_choice_of,
    poll_results,
    proposal_for_page,
    proposals_of,
    team_candidates,
    team_of,
)
from .reading import (  # noqa: F401
    VISIBLE_STATES,
    calendar_token_of,
    event_for_page,
    event_list,
    events_of_user_feed,
    informed_circle_offer,
    live_registrants,
    next_community_events,
    next_group_meeting,
    next_public_events,
    registrants,
    registration_of,
    registrations_of_user,
    upcoming_per_community,
    user_for_calendar_token,
    visible_events_q,
    waiting_rank,
)
