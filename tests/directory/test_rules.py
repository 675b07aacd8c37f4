"""Role matrix of every permission in directory/rules.py.

The object is the community. A permission added to directory/rules.py
without its matrix here fails `test_every_permission_of_the_app_is_walked`.
"""

import pytest
import rules

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

WALKED_ROLES = (*ROLES, "institution_gardener")
WALKED: set[str] = set()


def walks(permission, **allowed):
    assert set(allowed) == set(WALKED_ROLES), f"{permission}: say it for every role"
    WALKED.add(permission)
    return pytest.mark.parametrize(
        ("permission", "role", "allowed"),
        [pytest.param(permission, role, allowed[role], id=role) for role in WALKED_ROLES],
    )


def test_every_permission_of_the_app_is_walked():
    registered = {name for name in rules.permissions.permissions if name.startswith("directory.")}
    assert registered == WALKED


@walks(
    "directory.view_directory",
    anonymous=False, citizen=True, informed=True, engaged=True,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True, staff=True,
)
def test_view_directory(people, community, permission, role, allowed):
    """Members of every circle, the community's gardeners, the cultivator: those the listed consented to."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "directory.list_self",
    anonymous=False, citizen=True, informed=True, engaged=True,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=False, staff=False,
)
def test_list_self(people, community, permission, role, allowed):
    """Only members list themselves: gardeners and the cultivator are not members by office."""
    assert people[role].has_perm(permission, community) is allowed
