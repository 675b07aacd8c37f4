"""Who someone is with respect to an event, as django-rules predicates.

They build on `roles`' predicates (and their per-request cache), so asking
them for every event of a list costs no extra query.
"""

import rules

from roles.predicates import (
    can_animate,
    circle_of,
    is_institution_staff,
    via_community,
)


@rules.predicate
def is_institution_wide(user, community):
    """Creating an event with no community: an institution-wide event."""
    return community is None


@rules.predicate
def is_event_organiser(user, event):
    return event is not None and user.is_authenticated and event.organiser_id == user.pk


def _community(event):
    return event.community if event.community_id is not None else None


# The community's gardeners, and site staff (staff need no community).
animates_event_community = via_community(can_animate, _community, name="animates_event_community")


@rules.predicate
def is_institution_event_staff(user, event):
    """The cultivator and the directions' agents run institution-wide events."""
    return event is not None and event.community_id is None and is_institution_staff(user)


can_organise = is_event_organiser | animates_event_community | is_institution_event_staff


@rules.predicate
def is_visible_state(user, event):
    return event is not None and event.state in ("published", "cancelled")


@rules.predicate
def is_in_audience(user, event):
    """Public events are for everyone; restricted ones for their chosen circles."""
    if event is None:
        return False
    if event.audience == "public":
        return True
    return circle_of(user, event.community) in event.circles


can_see = (is_visible_state & is_in_audience) | can_organise

# Creating: the object is the community (None for an institution-wide event).
can_create = can_animate | (is_institution_wide & is_institution_staff)


# --- Members' proposals (models/proposals.py) ----------------------------------

@rules.predicate
def is_proposal_author(user, proposal):
    return proposal is not None and user.is_authenticated and proposal.author_id == user.pk


animates_proposal_community = via_community(
    can_animate, lambda proposal: proposal.community, name="animates_proposal_community"
)
