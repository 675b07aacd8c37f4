"""Permissions of the external participation tools (object: the community).

The cultivator links communities to the institution's participatory
processes (file 004): they, and site staff, manage the list; everyone who
sees the community's page sees the open ones.
"""

import rules

from roles.predicates import is_cultivator, is_site_staff

rules.add_perm("elsewhere.manage_tools", is_cultivator | is_site_staff)
