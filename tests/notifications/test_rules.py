"""Role matrix of every permission in notifications/rules.py.

A notification belongs to its recipient (here the engaged member): nobody
else reads or marks it, not the gardeners, the cultivator or the staff. A
permission added without its matrix here fails the first test.
"""

import pytest
import rules

from notifications.models import Notification
from tests.conftest import ROLES

WALKED: set[str] = set()


def walks(permission, **allowed):
    assert set(allowed) == set(ROLES), f"{permission}: say it for every role"
    WALKED.add(permission)
    return pytest.mark.parametrize(
        ("permission", "role", "allowed"),
        [pytest.param(permission, role, allowed[role], id=role) for role in ROLES],
    )


def test_every_permission_of_the_app_is_walked():
    registered = {
        name for name in rules.permissions.permissions if name.startswith("notifications.")
    }
    assert registered == WALKED


@pytest.fixture
def engaged_notification(people, community):
    return Notification.objects.create(
        recipient=people["engaged"], kind="mention", community=community,
        actor=people["gardener"], data={"channel": "général"},
    )


@walks(
    "notifications.view_notifications",
    anonymous=False, citizen=True, informed=True, engaged=True,
    gardener=True, other_gardener=True, cultivator=True, staff=True,
)
def test_view_own_notification_centre(people, permission, role, allowed):
    assert people[role].has_perm(permission) is allowed


@walks(
    "notifications.change_preferences",
    anonymous=False, citizen=True, informed=True, engaged=True,
    gardener=True, other_gardener=True, cultivator=True, staff=True,
)
def test_change_own_preferences(people, permission, role, allowed):
    assert people[role].has_perm(permission) is allowed


@walks(
    "notifications.view_notification",
    anonymous=False, citizen=False, informed=False, engaged=True,
    gardener=False, other_gardener=False, cultivator=False, staff=False,
)
def test_view_a_notification(people, engaged_notification, permission, role, allowed):
    assert people[role].has_perm(permission, engaged_notification) is allowed


@walks(
    "notifications.change_notification",
    anonymous=False, citizen=False, informed=False, engaged=True,
    gardener=False, other_gardener=False, cultivator=False, staff=False,
)
def test_mark_a_notification_read(people, engaged_notification, permission, role, allowed):
    assert people[role].has_perm(permission, engaged_notification) is allowed
