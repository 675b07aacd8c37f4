"""Permissions of the design app."""

import rules

from roles.predicates import is_site_staff

# The living style guide (/styleguide/): the site's staff, who build pages.
rules.add_perm("design.view_styleguide", is_site_staff)
