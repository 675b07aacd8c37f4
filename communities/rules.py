"""Permissions of the communities app. Views and templates ask these by name.

The role matrix is walked in tests/communities/test_rules.py.
"""

import rules

from roles.predicates import (
    can_address,
    can_edit_community,
    can_oversee,
    is_cultivator,
    is_member,
    is_site_staff,
)

is_authenticated = rules.is_authenticated

# Anyone, signed in or not, reads a community's public page.
rules.add_perm("communities.view_community", rules.always_allow)
rules.add_perm("communities.join_community", is_authenticated & ~is_member)
rules.add_perm("communities.leave_community", is_member)
rules.add_perm("communities.request_circle", is_member)
# Following without joining: a signed-in person who is not a member hears of
# the community's events open to everyone (members already do).
rules.add_perm("communities.follow_community", is_authenticated & ~is_member)

# Writing to the community (its members, settings and story): the gardeners
# of this community and site staff; the cultivator only where the pair
# invited them as a contributor (roles.predicates.can_edit_community).
rules.add_perm("communities.manage_members", can_edit_community)
rules.add_perm("communities.change_community", can_edit_community)
rules.add_perm("communities.change_story", can_edit_community)
# Reading the member list: the pair, and the cultivator who coaches every pair.
rules.add_perm("communities.view_members", can_oversee)
rules.add_perm("communities.view_dashboard", can_oversee)
# Reaching its members on an institution's behalf (a council's channel, a
# barometer's wave): an agent of its direction, its gardeners, the cultivator,
# staff (roles.predicates.can_address; communities/addressing.py offers them).
rules.add_perm("communities.address_members", can_address)

# Institution-wide: the cultivator creates communities and manages directions.
rules.add_perm("communities.add_community", is_cultivator | is_site_staff)
rules.add_perm("communities.manage_directions", is_cultivator | is_site_staff)
rules.add_perm("communities.view_overview", is_cultivator | is_site_staff)
