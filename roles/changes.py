"""Telling the stores derived from roles that someone's roles changed.

Roles are stored once (the pairs here, the directions' staff in
communities). Other stores follow them: the Wagtail groups that give the
gardeners and the cultivator their CMS rights (cms/role_groups.py). A higher
app registers a listener in its `ready()`; the services that appoint or end
a pair, or change a direction's staff, call `roles_changed(...)` with the
people concerned. Listeners run inside the caller's transaction, so the
derived rows change with the role or not at all.
"""

from collections.abc import Callable, Iterable

from .cache import forget

Listener = Callable[[list[int]], None]

_listeners: dict[str, Listener] = {}


def on_roles_changed(key: str, listener: Listener) -> None:
    """Register `listener(user_ids)`; registering the same key again replaces it."""
    _listeners[key] = listener


def roles_changed(people: Iterable) -> None:
    """Forget the people's cached roles; let every derived store follow."""
    ids = set()
    for person in people:
        if person is None:
            continue
        forget(person)
        ids.add(person.pk)
    if not ids:
        return
    for listener in list(_listeners.values()):
        listener(sorted(ids))
