"""Permissions of the directory app. Walked in tests/directory/test_rules.py.

The object is always the community. Services check the state of the data
(is this person still a member?); these rules say who may ask.
"""

import rules

from .predicates import can_list_self, can_view_directory

rules.add_perm("directory.view_directory", can_view_directory)
rules.add_perm("directory.list_self", can_list_self)
