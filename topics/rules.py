"""Permissions of topic proposals. Walked in tests/topics/test_topics.py.

Objects: the community (proposing, the pair's list), or a proposal.
"""

import rules

from roles.predicates import can_animate, is_informed_or_closer, via_community


@rules.predicate
def is_topic_author(user, proposal):
    return proposal is not None and user.is_authenticated and proposal.author_id == user.pk


animates_topic_community = via_community(
    can_animate, lambda proposal: proposal.community, name="animates_topic_community"
)

# The informed and engaged circles propose; the author and the pair read a
# proposal; the pair opens or declines it.
rules.add_perm("topics.propose_topic", is_informed_or_closer)
rules.add_perm("topics.view_proposal", is_topic_author | animates_topic_community)
rules.add_perm("topics.decide_proposal", animates_topic_community)
rules.add_perm("topics.decide_proposals", can_animate)
