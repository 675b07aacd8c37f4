"""The events' panel on a community's home (communities/space.py)."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors

EVENTS_SHOWN = 3


def _context(community, user) -> dict:
    """The next events this person may see: one query whatever their number."""
    can_propose = user.has_perm("events.propose_event", community)
    can_decide = user.has_perm("events.decide_proposals", community)
    return {
        "events": list(selectors.event_list(user=user, community=community)[:EVENTS_SHOWN]),
        "can_add_event": user.has_perm("events.add_event", community),
        "can_propose_event": can_propose,
        # The pair: the proposals waiting for them (one query, only for them).
        "pending_proposals": selectors.pending_proposals(community) if can_decide else [],
        # An engaged member: their own proposals and where they stand (one query).
        "my_proposals": selectors.proposals_of(user, community) if can_propose else [],
    }


def register() -> None:
    space.register(
        space.Panel(
            key="events",
            label=_("Upcoming events"),
            order=40,
            template="events/panels/events.html",
            context=_context,
        )
    )
