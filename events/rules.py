"""Permissions of the events app. Walked in tests/events/test_rules.py.

Services check the state of the data (is registration open? is there a
seat?); these rules say who may ask.
"""

import rules

from roles.predicates import can_animate, is_engaged

from .predicates import (
    animates_proposal_community,
    can_co_organise,
    can_create,
    can_manage_team,
    can_organise,
    can_see,
    has_date_poll,
    is_in_proposal_audience,
    is_poll_open,
    is_proposal_author,
)

# The object is the community, or None for an institution-wide event.
rules.add_perm("events.add_event", can_create)

rules.add_perm("events.view_event", can_see)
rules.add_perm("events.register_event", can_see)
rules.add_perm("events.change_event", can_co_organise)
rules.add_perm("events.publish_event", can_organise)
rules.add_perm("events.cancel_event", can_organise)
rules.add_perm("events.view_registrants", can_co_organise)
rules.add_perm("events.checkin_registration", can_organise)
rules.add_perm("events.export_registrants", can_organise)
rules.add_perm("events.message_registrants", can_co_organise)
rules.add_perm("events.report_event", can_organise)
# The team of co-organisers (engaged members): the organiser and the pair add
# and remove them; the co-organisers edit, see registrants and write to them.
rules.add_perm("events.manage_team", can_manage_team)
# Inviting the community's elected officials, as such (issue #16).
rules.add_perm("events.invite_elected", can_organise)

rules.add_perm("events.view_mine", rules.is_authenticated)

# Members' proposals: the engaged circle proposes (object: the community); the
# author and the pair read a proposal; the pair decides; the author changes it.
rules.add_perm("events.propose_event", is_engaged)
# The members a proposal's date poll asks read it too, and answer while it is open.
rules.add_perm("events.view_proposal", is_proposal_author | animates_proposal_community
               | (has_date_poll & is_in_proposal_audience))
rules.add_perm("events.answer_date_poll", has_date_poll & is_poll_open & is_in_proposal_audience)
# The count per date: the pair (who picks one) and the author.
rules.add_perm("events.view_poll_results", is_proposal_author | animates_proposal_community)
rules.add_perm("events.decide_proposal", animates_proposal_community)
# The same, asked of the community: its proposals waiting in its events panel.
rules.add_perm("events.decide_proposals", can_animate)
rules.add_perm("events.change_proposal", is_proposal_author)
