"""Who is online in a channel: best effort, in the cache.

Each open socket is one entry {connection: (user_id, name, expires)} under
the channel's key and under the user's key. Entries expire unless the
client pings, so a process that died without saying goodbye is forgotten
after TTL seconds. Read-modify-write on the cache may lose an entry when two
sockets open at the same instant; the next ping puts it back. Presence is a
courtesy, never a source of truth (messages are).
"""

import functools
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)
TTL = 90


def _best_effort(default):
    """A cache outage (Redis restarting) costs the presence list, nothing else."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:  # noqa: BLE001
                logger.warning("presence unavailable", exc_info=True)
                return default()

        return wrapper

    return decorate


def _channel_key(channel_id) -> str:
    return f"discussions:presence:channel:{channel_id}"


def _user_key(user_id) -> str:
    return f"discussions:presence:user:{user_id}"


def _live(entries: dict, now: float) -> dict:
    return {conn: entry for conn, entry in entries.items() if entry[2] > now}


def _update(key, conn, entry=None) -> dict:
    now = time.time()
    entries = _live(cache.get(key) or {}, now)
    if entry is None:
        entries.pop(conn, None)
    else:
        entries[conn] = entry
    cache.set(key, entries, TTL * 2)
    return entries


# A presence frame names this many people at most, with the total count: a
# channel of 500 people online does not send 500 names to 500 sockets.
SHOWN = 30
# Joins and leaves within this many seconds are announced in one frame.
DEBOUNCE = 1


def _people(entries: dict) -> dict:
    people = {}
    for user_id, name, _expires in entries.values():
        people[user_id] = name
    ordered = sorted(people.items(), key=lambda p: p[1].lower())
    return {"count": len(ordered), "people": [{"id": i, "name": n} for i, n in ordered[:SHOWN]]}


@_best_effort(lambda: {"count": 0, "people": []})
def join(*, channel_id, user_id, name, connection) -> dict:
    """Note an open socket (or refresh it) and return who is in the channel."""
    entry = (user_id, name, time.time() + TTL)
    _update(_user_key(user_id), connection, entry)
    return _people(_update(_channel_key(channel_id), connection, entry))


@_best_effort(lambda: {"count": 0, "people": []})
def leave(*, channel_id, user_id, connection) -> dict:
    _update(_user_key(user_id), connection)
    return _people(_update(_channel_key(channel_id), connection))


@_best_effort(lambda: {"count": 0, "people": []})
def online(*, channel_id) -> dict:
    return _people(_live(cache.get(_channel_key(channel_id)) or {}, time.time()))


@_best_effort(set)
def online_user_ids(user_ids) -> set:
    """Which of these people have at least one live socket anywhere."""
    now = time.time()
    keys = {_user_key(i): i for i in user_ids}
    found = cache.get_many(list(keys))
    return {keys[k] for k, entries in found.items() if _live(entries, now)}


@_best_effort(lambda: False)
def claim_announcement(*, channel_id) -> bool:
    """True for the one socket (across processes) that announces the next change.

    `cache.add` is atomic: whoever sets the flag first announces, DEBOUNCE
    seconds later, the presence as it is then; the others stay quiet.
    """
    return cache.add(f"discussions:presence:announce:{channel_id}", 1, DEBOUNCE)
