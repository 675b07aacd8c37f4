"""Who someone is for a need or proposal, as django-rules predicates.

The object is a Need, or a Community for the community-wide rules (listing,
submitting, the gardeners' board). The roles are `roles`' predicates asked of
the need's community, from its per-request cache.
"""

import rules

from roles.predicates import (
    agent_direction_ids,
    can_animate,
    is_informed_or_closer,
    is_institution_gardener_of,
    is_member,
    via_community,
)

from .models import OPEN_STATUSES, Need, Relay, Status


def _community(obj):
    return obj.community if isinstance(obj, Need) else obj


is_community_member = via_community(is_member, _community, name="is_community_member")
is_informed_or_engaged = via_community(
    is_informed_or_closer, _community, name="is_informed_or_engaged"
)
# A gardener of the community's active pair, or site staff.
is_pair = via_community(can_animate, _community, name="is_pair")


@rules.predicate
def is_author(user, need):
    return isinstance(need, Need) and user.is_authenticated and need.author_id == user.pk


@rules.predicate
def is_visible_to_community(user, need):
    return isinstance(need, Need) and need.visibility == Need.Visibility.COMMUNITY


@rules.predicate
def is_hidden(user, need):
    return isinstance(need, Need) and need.hidden_at is not None


@rules.predicate
def is_open(user, need):
    return isinstance(need, Need) and need.status in OPEN_STATUSES


@rules.predicate
def is_new(user, need):
    return isinstance(need, Need) and need.status == Status.NEW


# The region (institution) half of the pair: relays items to their direction.
is_institution_gardener = via_community(
    is_institution_gardener_of, _community, name="is_institution_gardener"
)


def relay_of(need) -> Relay | None:
    """The item's relay to a direction, or None (`need.relay` raises when absent)."""
    try:
        return need.relay
    except Relay.DoesNotExist:
        return None


@rules.predicate
def is_relayed(user, need):
    return isinstance(need, Need) and relay_of(need) is not None


@rules.predicate
def is_waiting_for_the_direction(user, need):
    relay = relay_of(need) if isinstance(need, Need) else None
    return relay is not None and not relay.is_answered


@rules.predicate
def is_agent_of_the_direction(user, need):
    """An agent (staff) of the direction the item was relayed to: reads it
    and answers for the direction in the app."""
    relay = relay_of(need) if isinstance(need, Need) else None
    return relay is not None and relay.direction_id in agent_direction_ids(user)
