"""Permissions of the events app. Walked in tests/events/test_rules.py.

Services check the state of the data (is registration open? is there a
seat?); these rules say who may ask.
"""

import rules

from .predicates import can_create, can_organise, can_see

# The object is the community, or None for an institution-wide event.
rules.add_perm("events.add_event", can_create)

rules.add_perm("events.view_event", can_see)
rules.add_perm("events.register_event", can_see)
rules.add_perm("events.change_event", can_organise)
rules.add_perm("events.publish_event", can_organise)
rules.add_perm("events.cancel_event", can_organise)
rules.add_perm("events.view_registrants", can_organise)
rules.add_perm("events.checkin_registration", can_organise)
rules.add_perm("events.export_registrants", can_organise)
rules.add_perm("events.message_registrants", can_organise)
rules.add_perm("events.report_event", can_organise)

rules.add_perm("events.view_mine", rules.is_authenticated)
