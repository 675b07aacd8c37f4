"""Who someone is with respect to an event, as django-rules predicates.

They reuse the communities' and gardeners' predicates (and their per-request
caches), so asking them for every event of a list costs no extra query.
"""

import rules

from communities.predicates import circle_of, is_site_staff
from gardeners.predicates import is_cultivator, is_direction_agent, is_gardener_of


@rules.predicate
def is_institution_wide(user, community):
    """Creating an event with no community: an institution-wide event."""
    return community is None


@rules.predicate
def is_event_organiser(user, event):
    return event is not None and user.is_authenticated and event.organiser_id == user.pk


@rules.predicate
def gardens_event_community(user, event):
    return event is not None and event.community_id is not None and is_gardener_of(
        user, event.community
    )


@rules.predicate
def is_institution_event_staff(user, event):
    """The cultivator and the directions' agents run institution-wide events."""
    return (
        event is not None
        and event.community_id is None
        and (is_cultivator(user) or is_direction_agent(user))
    )


can_organise = (
    is_event_organiser | gardens_event_community | is_institution_event_staff | is_site_staff
)


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
can_create = (
    is_gardener_of
    | (is_institution_wide & (is_cultivator | is_direction_agent))
    | is_site_staff
)
