"""Who someone is with respect to an event, as django-rules predicates.

They build on `roles`' predicates (and their per-request cache), so asking
them for every event of a list costs no extra query.
"""

import rules

from roles.cache import remembered
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


# --- The event's team (models.EventCoOrganiser) ---------------------------------------

def co_organised_event_ids(user) -> set[int]:
    """The events whose team this person is on: one query per request."""
    if not user.is_authenticated:
        return set()
    # `co_organised_events` is the reverse name of EventCoOrganiser.person.
    return remembered(
        user, "events.co_organised",
        lambda: set(user.co_organised_events.values_list("event_id", flat=True)),
    )


@rules.predicate
def is_event_co_organiser(user, event):
    return event is not None and event.pk in co_organised_event_ids(user)


# The team: the organisers above and the co-organisers, who edit the event, see
# its registrants and write to them; publishing, cancelling, check-in, the
# export and the report stay with the organisers.
can_co_organise = can_organise | is_event_co_organiser

# Who adds and removes co-organisers: the organiser and the community's pair,
# on a community's event (an institution-wide one has no engaged circle).
@rules.predicate
def is_community_event(user, event):
    return event is not None and event.community_id is not None


can_manage_team = is_community_event & (is_event_organiser | animates_event_community)


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


can_see = (is_visible_state & is_in_audience) | can_co_organise

# Creating: the object is the community (None for an institution-wide event).
can_create = can_animate | (is_institution_wide & is_institution_staff)


# --- Members' proposals (models/proposals.py) ----------------------------------

@rules.predicate
def is_proposal_author(user, proposal):
    return proposal is not None and user.is_authenticated and proposal.author_id == user.pk


animates_proposal_community = via_community(
    can_animate, lambda proposal: proposal.community, name="animates_proposal_community"
)


@rules.predicate
def has_date_poll(user, proposal):
    """The proposal offers dates to choose from (its options, prefetched by
    selectors.proposal_for_page)."""
    return proposal is not None and bool(proposal.date_options.all())


@rules.predicate
def is_in_proposal_audience(user, proposal):
    """A member of the circle(s) the proposal is for: every member when it is
    for everyone, else its circle and the closer ones."""
    if proposal is None:
        return False
    circle = circle_of(user, proposal.community)
    return circle is not None and (proposal.circle is None or circle >= proposal.circle)


@rules.predicate
def is_poll_open(user, proposal):
    return proposal is not None and proposal.status in ("pending", "changes_requested")
