"""The one per-request cache of a person's roles, and the one way to forget it.

Every role answer (circles, gardened communities, cultivator, direction
agent, the working groups) is computed once per user object and kept in one
dict on it: a page that asks twenty questions costs one query per kind of
fact, not one per question. The user object lives as long as the request
(or the socket, which calls `forget` before it asks again).

A service that changes someone's memberships or roles calls `forget(user)`
on the objects it holds (`roles.changes.roles_changed` does it for pairs and
directions). Nothing else sets an attribute on a user object:
tests/roles/test_single_definitions.py greps for it.
"""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_ATTRIBUTE = "_terreau_roles"


def remembered(user, key: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked of this user object, then its answer.

    `key` names the fact ("circles", "gardened", ... or "<app>.<fact>" for a
    higher app's own role, like the working groups).
    """
    # getattr/setattr, not __dict__: request.user is a lazy wrapper that hands
    # these to the real user object, the one the rules' predicates receive.
    store = getattr(user, _ATTRIBUTE, None)
    if store is None:
        store = {}
        setattr(user, _ATTRIBUTE, store)
    if key not in store:
        store[key] = compute()
    return store[key]


def forget(user) -> None:
    """Drop every cached role answer of this user object."""
    if user is not None and hasattr(user, _ATTRIBUTE):
        delattr(user, _ATTRIBUTE)
