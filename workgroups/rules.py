"""Permissions of the working groups. Walked in tests/workgroups/test_rules.py.

Objects: a Community for the list and for creating, a WorkingGroup otherwise.

Every member of the community (whatever the circle) reads the groups and
their pages: what the engaged circle works on, who is in it and what it
decided is the community's business ("rendre compte"). The group's channel
is narrower: its members and the pair only (discussions/predicates.py).
"""

import rules

from roles.predicates import is_cultivator

from .predicates import (
    is_archived,
    is_community_member,
    is_engaged_member,
    is_group_member,
    is_pair,
)

can_read = is_community_member | is_pair | is_cultivator
rules.add_perm("workgroups.view_groups", can_read)
rules.add_perm("workgroups.view_group", can_read)

# The pair animates: creates, edits, archives, adds and removes members,
# answers join requests.
rules.add_perm("workgroups.add_group", is_pair)
rules.add_perm("workgroups.change_group", is_pair & ~is_archived)
rules.add_perm("workgroups.manage_group_members", is_pair & ~is_archived)
rules.add_perm("workgroups.decide_join_request", is_pair & ~is_archived)

# An engaged member who is not in the group yet asks to join; a member leaves.
rules.add_perm(
    "workgroups.request_join", is_engaged_member & ~is_group_member & ~is_archived
)
rules.add_perm("workgroups.leave_group", is_group_member & ~is_archived)

# The decision log: the group's members and the pair write it.
rules.add_perm("workgroups.record_decision", (is_group_member | is_pair) & ~is_archived)
