"""Presence on a mass join: bytes written per join, old design against new
(issue 14, item 4; docs/performance.md, "Presence on a mass join").

    REDIS_URL=redis://127.0.0.1:6379/5 N=2000 \
        .venv/bin/python manage.py shell < bench/presence.py

Needs the Redis cache (REDIS_URL set). For each size it joins N sockets to a
fresh channel, then one more, and reports the bytes sent to Redis by that
last join and by the whole mass join (every command as sent, counted at the
connection), and the time of the mass join; then 50 threads joining at the
same instant (a barrier) and how many of them are online after. "Old" is a
copy of the previous code (one cache entry per channel holding the dict of
every socket, read, changed and written back whole); "new" is
discussions/presence.py (one Redis hash field per socket). Keys are under a
prefix of their own and deleted at the end.
"""

import os
import threading
import time
import uuid

import redis
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from discussions import presence

assert isinstance(caches["default"], RedisCache), "set REDIS_URL: this measures Redis"
RUN = uuid.uuid4().hex[:8]
SIZES = [int(n) for n in os.environ.get("N", "10,200,2000").split(",")]


# --- The previous design, copied as it was (the baseline) ---------------------------


def old_update(key, conn, entry=None):
    now = time.time()
    entries = {c: e for c, e in (cache.get(key) or {}).items() if e[2] > now}
    if entry is None:
        entries.pop(conn, None)
    else:
        entries[conn] = entry
    cache.set(key, entries, presence.TTL * 2)
    return entries


def old_join(*, channel_id, user_id, name, connection):
    entry = (user_id, name, time.time() + presence.TTL)
    old_update(f"bench:{RUN}:presence:user:{user_id}", connection, entry)
    return presence._people(old_update(f"bench:{RUN}:presence:channel:{channel_id}", connection, entry))


def old_online(*, channel_id):
    return presence._people(cache.get(f"bench:{RUN}:presence:channel:{channel_id}") or {})


# --- Counting the bytes sent -----------------------------------------------------------

sent = []
_original = redis.connection.AbstractConnection.send_packed_command


def _counting(self, command, check_health=True):
    chunks = [command] if isinstance(command, (bytes, str, memoryview)) else command
    sent.extend(len(chunk) for chunk in chunks)
    return _original(self, command, check_health)


redis.connection.AbstractConnection.send_packed_command = _counting


def measured(action):
    sent.clear()
    started = time.perf_counter()
    action()
    return sum(sent), time.perf_counter() - started


# Ids no real channel or person has: the keys cannot meet a dev server's.
BASE = 10**9
channels = iter(range(BASE, BASE + 1000))


def mass_join(join, n):
    channel_id = next(channels)

    def everyone():
        for i in range(n):
            join(channel_id=channel_id, user_id=BASE + i, name=f"Person {i:05d}", connection=f"conn.{RUN}.{i:05d}")

    total, seconds = measured(everyone)
    last, _ = measured(
        lambda: join(channel_id=channel_id, user_id=BASE + n, name=f"Person {n:05d}", connection=f"conn.{RUN}.{n:05d}")
    )
    return total, seconds, last


def concurrent(join, online, n=50):
    channel_id = next(channels)
    barrier = threading.Barrier(n)

    def arrive(i):
        barrier.wait(timeout=10)
        join(channel_id=channel_id, user_id=BASE + i, name=f"Person {i:05d}", connection=f"conn.{RUN}.c{i:05d}")

    threads = [threading.Thread(target=arrive, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return online(channel_id=channel_id)["count"]


print(f"{'sockets':>8} | {'bytes of the next join':>24} | {'bytes of the mass join':>24} | {'mass join (s)':>15}")
print(f"{'':>8} | {'old':>11} {'new':>12} | {'old':>11} {'new':>12} | {'old':>7} {'new':>7}")
for n in SIZES:
    old = mass_join(old_join, n)
    new = mass_join(presence.join, n)
    print(
        f"{n:>8,} | {old[2]:>11,} {new[2]:>12,} | {old[0]:>11,} {new[0]:>12,} | {old[1]:>7.2f} {new[1]:>7.2f}"
    )
print(
    "50 sockets joining at the same instant, online after: "
    f"old {concurrent(old_join, old_online)}, new {concurrent(presence.join, presence.online)}"
)

client = caches["default"]._cache.get_client(None, write=True)
for pattern in (f"*bench:{RUN}:*", "*discussions:presence:*:100000????"):
    for key in list(client.scan_iter(match=pattern, count=1000)):
        client.delete(key)
