"""Permissions of the gardeners app. Walked in tests/gardeners/test_rules.py."""

import rules

from communities.predicates import is_site_staff

from .predicates import is_cultivator, is_gardener

# The cultivator appoints and replaces pairs; the object is the community.
rules.add_perm("gardeners.appoint_pair", is_cultivator | is_site_staff)
rules.add_perm("gardeners.view_pair_history", is_cultivator | is_site_staff)

# The "Gardening" entry of the navigation and the "My gardens" page: anyone
# with gardening work to do. Staff first: it costs no query.
rules.add_perm("gardeners.access_gardening", is_site_staff | is_gardener | is_cultivator)
