"""Permissions of the newsletters app. Walked in tests/newsletters/test_rules.py.

The services check the state of the data (is the call still open? was the
letter already sent?); these rules say who may ask.
"""

import rules

from roles.predicates import is_cultivator, is_site_staff

from .predicates import (
    can_contribute,
    can_read_sent_letter,
    is_section_author,
    manages_community_letters,
    manages_letter,
    manages_section,
)

# The object is a community.
rules.add_perm("newsletters.add_letter", manages_community_letters)
rules.add_perm("newsletters.view_letters", manages_community_letters)
# The community's archive page itself is open; each letter in it is filtered
# by `view_sent_letter`.
rules.add_perm("newsletters.view_archive", rules.always_allow)

# The object is a letter.
rules.add_perm("newsletters.change_letter", manages_letter)
rules.add_perm("newsletters.send_letter", manages_letter)
rules.add_perm("newsletters.view_progress", manages_letter)
rules.add_perm("newsletters.contribute_letter", can_contribute)
rules.add_perm("newsletters.view_sent_letter", can_read_sent_letter)
# Choosing circles of other communities than the letter's own.
rules.add_perm("newsletters.send_to_several_communities", is_cultivator | is_site_staff)

# The object is a section.
rules.add_perm("newsletters.revise_section", is_section_author)
rules.add_perm("newsletters.moderate_section", manages_section)

# The object is None: one's own subscriptions.
rules.add_perm("newsletters.manage_subscriptions", rules.is_authenticated)
