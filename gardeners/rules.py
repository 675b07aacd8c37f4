"""Permissions of the gardeners app. Walked in tests/gardeners/test_rules.py."""

import rules

from communities.predicates import is_site_staff

from .predicates import is_cultivator

# The cultivator appoints and replaces pairs; the object is the community.
rules.add_perm("gardeners.appoint_pair", is_cultivator | is_site_staff)
rules.add_perm("gardeners.view_pair_history", is_cultivator | is_site_staff)
