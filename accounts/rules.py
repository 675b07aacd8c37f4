"""Permissions of the accounts app. Walked in tests/accounts/test_rules.py."""

import rules


@rules.predicate
def is_self(user, person):
    return user.is_authenticated and person is not None and user.pk == person.pk


# A person's profile is edited by that person only; the object is the person.
rules.add_perm("accounts.change_profile", is_self)
