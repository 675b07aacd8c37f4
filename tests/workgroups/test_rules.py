"""Role matrix of every permission in workgroups/rules.py, relative to `group`
(a working group of `community`). A permission without its matrix here fails
`test_every_permission_of_the_app_is_walked`.

"engaged" is an engaged member of the community who is not in the group;
"group_member" is an engaged member who is.
"""

import pytest
import rules
from django.utils import timezone

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

WALKED_ROLES = (*ROLES, "institution_gardener", "group_member")
WALKED: set[str] = set()


def walks(permission, **allowed):
    assert set(allowed) == set(WALKED_ROLES), f"{permission}: say it for every role"
    WALKED.add(permission)
    return pytest.mark.parametrize(
        ("permission", "role", "allowed"),
        [pytest.param(permission, role, allowed[role], id=role) for role in WALKED_ROLES],
    )


def test_every_permission_of_the_app_is_walked():
    registered = {name for name in rules.permissions.permissions if name.startswith("workgroups.")}
    assert registered == WALKED


READERS = dict(
    anonymous=False, citizen=True, informed=True, engaged=True, group_member=True,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True, staff=True,
)
PAIR = dict(
    anonymous=False, citizen=False, informed=False, engaged=False, group_member=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=False, staff=True,
)
NOBODY = {role: False for role in WALKED_ROLES}


@walks("workgroups.view_groups", **READERS)
def test_view_groups(roles, community, permission, role, allowed):
    """Every member of the community, whatever the circle, the pair and the cultivator."""
    assert roles[role].has_perm(permission, community) is allowed


@walks("workgroups.view_group", **READERS)
def test_view_group(roles, group, permission, role, allowed):
    assert roles[role].has_perm(permission, group) is allowed


@walks("workgroups.add_group", **PAIR)
def test_add_group(roles, community, permission, role, allowed):
    """The pair animates; the cultivator coaches but does not create groups."""
    assert roles[role].has_perm(permission, community) is allowed


@pytest.mark.parametrize("permission", [
    "workgroups.change_group", "workgroups.manage_group_members", "workgroups.decide_join_request",
])
def test_pair_rules_refuse_everyone_once_archived(roles, group, permission):
    group.archived_at = timezone.now()
    assert {role for role in WALKED_ROLES if roles[role].has_perm(permission, group)} == set()


@walks("workgroups.change_group", **PAIR)
def test_change_group(roles, group, permission, role, allowed):
    assert roles[role].has_perm(permission, group) is allowed


@walks("workgroups.manage_group_members", **PAIR)
def test_manage_group_members(roles, group, permission, role, allowed):
    assert roles[role].has_perm(permission, group) is allowed


@walks("workgroups.decide_join_request", **PAIR)
def test_decide_join_request(roles, group, permission, role, allowed):
    assert roles[role].has_perm(permission, group) is allowed


@walks("workgroups.request_join", **{**NOBODY, "engaged": True})
def test_request_join(roles, group, permission, role, allowed):
    """Only an engaged member who is not in the group yet."""
    assert roles[role].has_perm(permission, group) is allowed


@walks("workgroups.leave_group", **{**NOBODY, "group_member": True})
def test_leave_group(roles, group, permission, role, allowed):
    assert roles[role].has_perm(permission, group) is allowed


@walks("workgroups.record_decision", **{**PAIR, "group_member": True})
def test_record_decision(roles, group, permission, role, allowed):
    assert roles[role].has_perm(permission, group) is allowed


def test_member_rules_refuse_everyone_once_archived(roles, group):
    group.archived_at = timezone.now()
    for permission in ("workgroups.request_join", "workgroups.leave_group",
                       "workgroups.record_decision"):
        assert [r for r in WALKED_ROLES if roles[r].has_perm(permission, group)] == [], permission
    # Reading stays open.
    assert roles["citizen"].has_perm("workgroups.view_group", group)
