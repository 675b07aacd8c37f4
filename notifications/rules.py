"""Permissions of the notifications app. Walked in tests/notifications/test_rules.py.

A notification is private to its recipient: not even the staff or the
cultivator read someone else's (the Django admin is for support).
"""

import rules

from .predicates import is_recipient

# The notification centre and the preferences page: about oneself, so anyone signed in.
rules.add_perm("notifications.view_notifications", rules.is_authenticated)
rules.add_perm("notifications.change_preferences", rules.is_authenticated)

# One notification: open it, mark it read.
rules.add_perm("notifications.view_notification", is_recipient)
rules.add_perm("notifications.change_notification", is_recipient)
