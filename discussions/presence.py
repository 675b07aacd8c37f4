"""Who is online in a channel: best effort, in the cache.

Each open socket is one entry {connection: (user_id, name, expires)} under
the channel's key and under the user's key. Entries expire unless the
client pings, so a process that died without saying goodbye is forgotten
after TTL seconds. Presence is a courtesy, never a source of truth
(messages are).

With Redis (production, the test suite), each key is a Redis hash, one
field per socket: a join is one HSET of its own field (and an EXPIRE of the
key), a leave one HDEL, a read one HGETALL; fields whose time is past are
ignored and removed by the next read. A join writes the same few bytes
however many sockets are open, and two sockets opening at the same instant
both stay; it answers with who was online at most DEBOUNCE seconds ago, so
a mass join reads the hash about once a second rather than once per socket
(docs/realtime.md, "Presence"). With the in-process cache of the
development defaults (LocMemCache), the whole entry is read, changed and
written back: one process, no race worth a lock.
"""

import functools
import json
import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed

from terreau.french import sort_key

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


# --- Redis: one hash per key, one field per socket ----------------------------------


# One cache backend and one Redis client for the whole process. `caches["default"]`
# is kept per async context: every socket, living in its own task, would
# otherwise build and hold its own backend and client (about 7 KiB per idle
# socket with Django's backend, which built a pool too; docs/performance.md,
# "Idle sockets"; terreau/cache.py now shares the pools).
_shared: dict = {}


def _cache():
    backend = _shared.get("backend")
    if backend is None:
        backend = _shared["backend"] = caches.create_connection("default")
    return backend


def _forget_shared(*, setting, **kwargs):
    if setting == "CACHES":
        _shared.clear()


setting_changed.connect(_forget_shared)


def _redis():
    """The raw client of Django's RedisCache, or None for another backend."""
    if "client" not in _shared:
        backend = _cache()
        _shared["client"] = (backend._cache.get_client(None, write=True)
                             if isinstance(backend, RedisCache) else None)
    return _shared["client"]


def _value(entry: tuple) -> str:
    """A field's value: "<expiry> <user id> <name>" (cheaper to read than JSON:
    a join reads every field of its channel)."""
    user_id, name, expires = entry
    return f"{int(expires)} {int(user_id)} {name}"


def _parse(value: bytes) -> tuple:
    expires, user_id, name = value.decode().split(" ", 2)
    return int(user_id), name, int(expires)


def _hash_live(client, key: str, fields: dict) -> dict:
    """The live entries of a hash just read; the expired ones are removed."""
    now = time.time()
    live, expired = {}, []
    for conn, value in fields.items():
        entry = _parse(value)
        if entry[2] > now:
            live[conn] = entry
        else:
            expired.append(conn)
    if expired:
        client.hdel(key, *expired)
    return live


def _snapshot_key(channel_id) -> str:
    return _cache().make_key(f"discussions:presence:seen:{channel_id}")


def _fresh(client, channel_id) -> dict:
    """Who is online, read whole; kept DEBOUNCE seconds for the joins that follow."""
    key = _cache().make_key(_channel_key(channel_id))
    people = _people(_hash_live(client, key, client.hgetall(key)))
    client.set(_snapshot_key(channel_id), json.dumps(people), px=int(DEBOUNCE * 1000))
    return people


def _hash_join(client, conn: str, entry: tuple, channel_id) -> dict:
    """Write this socket's field, and answer with who is online as read at
    most DEBOUNCE seconds ago: n sockets arriving together read the hash a
    few times, not n times (the announcement that follows within DEBOUNCE
    seconds reads it afresh, so a joiner missing from its own answer is
    named a second later)."""
    value = _value(entry)
    pipe = client.pipeline(transaction=False)
    for key in (_cache().make_key(_user_key(entry[0])), _cache().make_key(_channel_key(channel_id))):
        pipe.hset(key, conn, value)
        pipe.expire(key, TTL * 2)
    pipe.get(_snapshot_key(channel_id))
    seen = pipe.execute()[-1]
    return json.loads(seen) if seen is not None else _fresh(client, channel_id)


def _hash_leave(client, conn: str, user_id, channel_id) -> dict:
    pipe = client.pipeline(transaction=False)
    pipe.hdel(_cache().make_key(_user_key(user_id)), conn)
    pipe.hdel(_cache().make_key(_channel_key(channel_id)), conn)
    pipe.get(_snapshot_key(channel_id))
    seen = pipe.execute()[-1]
    return json.loads(seen) if seen is not None else _fresh(client, channel_id)


# --- Any other cache (LocMemCache): the whole entry, read and written back ----------


def _update(key, conn, entry=None) -> dict:
    now = time.time()
    entries = _live(_cache().get(key) or {}, now)
    if entry is None:
        entries.pop(conn, None)
    else:
        entries[conn] = entry
    _cache().set(key, entries, TTL * 2)
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
    ordered = sorted(people.items(), key=lambda p: sort_key(p[1]))
    return {"count": len(ordered), "people": [{"id": i, "name": n} for i, n in ordered[:SHOWN]]}


@_best_effort(lambda: {"count": 0, "people": []})
def join(*, channel_id, user_id, name, connection) -> dict:
    """Note an open socket (or refresh it) and return who is in the channel."""
    # Whole seconds: every join writes a value of the same length.
    entry = (user_id, name, int(time.time()) + TTL)
    client = _redis()
    if client is not None:
        return _hash_join(client, connection, entry, channel_id)
    _update(_user_key(user_id), connection, entry)
    return _people(_update(_channel_key(channel_id), connection, entry))


@_best_effort(lambda: {"count": 0, "people": []})
def leave(*, channel_id, user_id, connection) -> dict:
    client = _redis()
    if client is not None:
        return _hash_leave(client, connection, user_id, channel_id)
    _update(_user_key(user_id), connection)
    return _people(_update(_channel_key(channel_id), connection))


@_best_effort(lambda: {"count": 0, "people": []})
def online(*, channel_id) -> dict:
    client = _redis()
    if client is not None:
        return _fresh(client, channel_id)
    return _people(_live(_cache().get(_channel_key(channel_id)) or {}, time.time()))


@_best_effort(set)
def online_user_ids(user_ids) -> set:
    """Which of these people have at least one live socket anywhere."""
    now = time.time()
    user_ids = list(user_ids)
    client = _redis()
    if client is not None:
        pipe = client.pipeline(transaction=False)
        for user_id in user_ids:
            pipe.hvals(_cache().make_key(_user_key(user_id)))
        return {
            user_id
            for user_id, values in zip(user_ids, pipe.execute(), strict=True)
            if any(_parse(value)[2] > now for value in values)
        }
    keys = {_user_key(i): i for i in user_ids}
    found = _cache().get_many(list(keys))
    return {keys[k] for k, entries in found.items() if _live(entries, now)}


@_best_effort(lambda: False)
def claim_announcement(*, channel_id) -> bool:
    """True for the one socket (across processes) that announces the next change.

    `cache.add` is atomic: whoever sets the flag first announces, DEBOUNCE
    seconds later, the presence as it is then; the others stay quiet.
    """
    return _cache().add(f"discussions:presence:announce:{channel_id}", 1, DEBOUNCE)
