"""Permissions of needs and synergy proposals. Walked in tests/needs/test_rules.py.

Objects: a Community for `view_needs`, `add_need` and `view_board`; a Need
otherwise.

- Members of every circle read the items visible to the community; only the
  informed and engaged circles submit (citizens are invited to move inward).
- An item for the gardeners only is read by its author, the pair and the
  cultivator, who coaches and reads across communities but does not animate.
- The pair moves items and connects people; the author edits while nobody
  answered yet, and may withdraw while the item is open.
"""

import rules

from roles.predicates import is_cultivator, is_direction_agent

from .predicates import (
    is_agent_of_the_direction,
    is_author,
    is_community_member,
    is_hidden,
    is_informed_or_engaged,
    is_institution_gardener,
    is_new,
    is_open,
    is_pair,
    is_relayed,
    is_visible_to_community,
    is_waiting_for_the_direction,
)

rules.add_perm("needs.view_needs", is_community_member | is_pair | is_cultivator)
rules.add_perm("needs.add_need", is_informed_or_engaged)
rules.add_perm("needs.view_board", is_pair | is_cultivator)

# An item the gardeners hid after a report (docs/moderation.md) is read by its
# author, the pair and the cultivator only.
rules.add_perm(
    "needs.view_need",
    is_author | is_pair | is_cultivator | is_agent_of_the_direction
    | (is_visible_to_community & is_community_member & ~is_hidden),
)
rules.add_perm("needs.edit_need", is_author & is_new)
rules.add_perm("needs.withdraw_need", is_author & is_open)
rules.add_perm("needs.change_need_status", is_pair & is_open)
rules.add_perm(
    "needs.support_need",
    is_community_member & is_visible_to_community & is_open & ~is_author & ~is_hidden,
)
# Whoever reads an item may report it to the gardeners (moderation), except
# its author; not once it is hidden.
rules.add_perm(
    "needs.report_need",
    ~is_author & ~is_hidden
    & (is_pair | is_cultivator | (is_visible_to_community & is_community_member)),
)
# Who said "me too" or offered help, with their messages and consents.
rules.add_perm("needs.view_supporters", is_pair | is_cultivator)
rules.add_perm("needs.connect_people", is_pair & is_open)
# The institution (region) gardener relays an open item to their direction,
# then records the direction's answer (issue #16); everyone who reads the
# item reads both.
rules.add_perm("needs.relay_need", is_institution_gardener & is_open & ~is_relayed)
# The direction's own agents answer in the app; the institution gardener may
# still record it on the direction's behalf (each answer shows who recorded it).
rules.add_perm(
    "needs.record_direction_answer",
    (is_agent_of_the_direction | is_institution_gardener) & is_waiting_for_the_direction,
)
# Object: none. The page "Waiting for our direction's answer": any direction's agent.
rules.add_perm("needs.view_direction_relays", is_direction_agent)
