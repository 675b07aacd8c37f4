"""Permissions of the gardeners app. Walked in tests/gardeners/test_rules.py."""

import rules

from roles.predicates import (
    can_coach,
    can_invite_contributor,
    can_mark_elected,
    is_cultivator,
    is_gardener,
    is_gardener_of,
    is_site_staff,
)

# The cultivator appoints and replaces pairs; the object is the community.
rules.add_perm("gardeners.appoint_pair", is_cultivator | is_site_staff)
rules.add_perm("gardeners.view_pair_history", is_cultivator | is_site_staff)

# The "Gardening" entry of the navigation and the "My gardens" page: anyone
# with gardening work to do. Staff first: it costs no query.
rules.add_perm("gardeners.access_gardening", is_site_staff | is_gardener | is_cultivator)

# The audit log (docs/audit.md). A community's log: its gardener pair, the
# cultivator, staff (the object is the community). Every community's log and
# the platform-wide entries, and the CSV export: the cultivator and staff.
rules.add_perm("audit.view_community_log", is_site_staff | is_cultivator | is_gardener_of)
rules.add_perm("audit.view_platform_log", is_site_staff | is_cultivator)
rules.add_perm("audit.export_log", is_site_staff | is_cultivator)

# The coaching thread of a community (the object is the community): its pair,
# the cultivator and staff read it and write in it (issue #16).
rules.add_perm("gardeners.view_coaching", can_coach)
rules.add_perm("gardeners.add_coaching_note", can_coach)
# The pair invites the cultivator as a contributor, and revokes it.
rules.add_perm("gardeners.invite_contributor", can_invite_contributor)
# Marking elected officials and linking them to communities (no object).
rules.add_perm("gardeners.mark_elected", can_mark_elected)
