"""The topics' panel on a community's home (communities/space.py): the link to
propose a topic, the pair's waiting proposals, the member's own."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict | None:
    can_propose = user.has_perm("topics.propose_topic", community)
    can_decide = user.has_perm("topics.decide_proposals", community)
    if not (can_propose or can_decide):
        return None
    return {
        "can_propose_topic": can_propose,
        "pending_topics": selectors.pending_proposals(community) if can_decide else [],
        "my_topics": selectors.proposals_of(user, community) if can_propose else [],
    }


def register() -> None:
    space.register(
        space.Panel(
            key="topics",
            label=_("Discussion topics"),
            order=55,
            template="topics/panels/topics.html",
            context=_context,
        )
    )
