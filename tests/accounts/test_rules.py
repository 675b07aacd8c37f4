"""Role matrix of the accounts app's permissions."""

import pytest
import rules

from tests.conftest import ROLES


def test_every_accounts_permission_is_walked_here():
    assert {name for name in rules.permissions.permissions if name.startswith("accounts.")} == {
        "accounts.change_profile"
    }


@pytest.mark.parametrize("role", ROLES)
def test_change_profile_of_oneself(people, role):
    # given a person in `role`, when they ask to edit their own profile
    person = people[role]

    # then anyone signed in may, an anonymous visitor may not
    assert person.has_perm("accounts.change_profile", person) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_change_profile_of_someone_else(people, role):
    # given a person in `role`, when they ask to edit the citizen's profile
    # then nobody may, not even staff (the Django admin is for that)
    target = people["engaged"] if role == "citizen" else people["citizen"]
    assert people[role].has_perm("accounts.change_profile", target) is False
