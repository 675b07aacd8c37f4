"""Permissions of the discussions. Walked in tests/discussions/test_rules.py.

Objects: a Community for the community-wide rules, a Channel, or a Message.
"""

import rules

from .predicates import can_see_channel, is_archived, is_author, is_member_of, is_moderator

# The channel list of a community: its members and its moderators.
rules.add_perm("discussions.view_channels", is_member_of | is_moderator)
rules.add_perm("discussions.view_channel", can_see_channel)
rules.add_perm("discussions.post_message", can_see_channel & ~is_archived)

# Gardeners (and site staff) shape the channels and moderate.
rules.add_perm("discussions.add_channel", is_moderator)
rules.add_perm("discussions.change_channel", is_moderator)
rules.add_perm("discussions.hide_message", is_moderator)
rules.add_perm("discussions.mute_member", is_moderator)
rules.add_perm("discussions.view_reports", is_moderator)

# Authors own their words: edit (within a time limit the service checks),
# delete at any time, as long as they still see the channel.
rules.add_perm("discussions.change_message", is_author & can_see_channel & ~is_archived)
rules.add_perm("discussions.delete_message", is_author & can_see_channel)
# Anyone who reads a message can report it to the gardeners, except its author.
rules.add_perm("discussions.report_message", can_see_channel & ~is_author)
