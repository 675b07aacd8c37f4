"""Presence does not rewrite on mass join (issue 14, item 4).

With Redis, a channel's presence is a hash with one field per open socket:
a join writes its own field and nothing else, so the bytes it sends do not
grow with the number of sockets, and sockets that open at the same instant
all stay. (Before: one cache entry per channel holding the dict of every
socket, read, changed and written back whole by each join: O(n) bytes per
join, and concurrent joins lost each other's entries.)

No database: presence lives in the cache only.
"""

import asyncio
import contextvars
import gc
import threading
import time

import pytest
import redis
from asgiref.sync import sync_to_async
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from discussions import presence

CHANNEL = 7


@pytest.fixture
def raw(redis_url, settings):
    """The Redis client behind the cache: presence is in Redis. With
    REDIS_URL set the settings' cache is it; without, the Redis the
    fixture found answering (a laptop's) stands in for the in-memory cache."""
    if not isinstance(caches["default"], RedisCache):
        settings.CACHES = {"default": {"BACKEND": "terreau.cache.RedisCache",
                                       "LOCATION": redis_url,
                                       "KEY_PREFIX": caches["default"].key_prefix}}
    assert isinstance(caches["default"], RedisCache)
    client = caches["default"]._cache.get_client(None, write=True)
    yield client
    client.delete(cache.make_key(presence._channel_key(CHANNEL)))


def key():
    return cache.make_key(presence._channel_key(CHANNEL))


def join(n, **fields):
    return presence.join(
        channel_id=CHANNEL, user_id=n, name=f"Person {n:04d}", connection=f"conn.{n:04d}", **fields
    )


@pytest.fixture
def written(monkeypatch):
    """Bytes sent to Redis while the block runs (every command, as sent)."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        chunks = [command] if isinstance(command, (bytes, str, memoryview)) else command
        sent.extend(len(chunk) for chunk in chunks)
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)

    def measure(action):
        sent.clear()
        action()
        return sum(sent)

    return measure


def test_fifty_sockets_joining_at_the_same_instant_are_all_online(raw):
    barrier = threading.Barrier(50)
    errors = []

    def arrive(n):
        try:
            barrier.wait(timeout=10)
            join(n)
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)

    threads = [threading.Thread(target=arrive, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    online = presence.online(channel_id=CHANNEL)
    assert online["count"] == 50
    assert presence.online_user_ids(range(60)) == set(range(50))


def test_a_join_writes_its_own_field_only_and_as_few_bytes_at_any_size(raw, written):
    def arrive(n):  # ids, names and connections of the same length at any n
        presence.join(
            channel_id=CHANNEL, user_id=10_000 + n, name=f"Person {n:04d}", connection=f"conn.{n:04d}"
        )

    def measured(n):
        # The answer as read less than a second ago (what most joins of a
        # mass join get): the join's own writes, and reading that answer.
        raw.set(cache.make_key(f"discussions:presence:seen:{CHANNEL}"), '{"count": 0, "people": []}')
        return written(lambda: arrive(n))

    for n in range(10):
        arrive(n)
    eleventh = measured(10)
    for n in range(11, 1000):
        arrive(n)
    assert raw.type(key()) == b"hash"
    assert raw.hlen(key()) == 1000
    before = raw.hgetall(key())

    one_more = measured(1000)

    after = raw.hgetall(key())
    assert len(after) == 1001
    assert {field: after[field] for field in before} == before  # the others untouched
    assert after[b"conn.1000"].decode().split(" ", 1)[1] == "11000 Person 1000"
    # The 1001st join sends what the 11th sent: its own field, its user's
    # field, two EXPIREs and one GET. (The old design sent the whole dict:
    # about 40 bytes more per socket already open.)
    assert one_more == eleventh < 600


def test_leaving_removes_that_socket_only(raw):
    for n in range(5):
        join(n)
    presence.join(channel_id=CHANNEL, user_id=1, name="Person 0001", connection="conn.0001.b")

    presence.leave(channel_id=CHANNEL, user_id=1, connection="conn.0001")

    assert presence.online(channel_id=CHANNEL)["count"] == 5  # person 1 has a second socket
    assert raw.hlen(key()) == 5
    assert not raw.hexists(key(), "conn.0001")
    presence.leave(channel_id=CHANNEL, user_id=1, connection="conn.0001.b")
    online = presence.online(channel_id=CHANNEL)
    assert [p["id"] for p in online["people"]] == [0, 2, 3, 4]
    assert presence.online_user_ids([0, 1]) == {0}


def test_a_join_answers_with_who_is_online_including_the_first_joiner(raw):
    assert join(1) == {"count": 1, "people": [{"id": 1, "name": "Person 0001"}]}
    # Within the second, the next joiner gets that answer; the announcement
    # that follows (consumers.announce_presence) reads the hash afresh.
    assert join(2)["count"] in (1, 2)
    assert presence.online(channel_id=CHANNEL)["count"] == 2


def test_a_socket_not_refreshed_within_the_ttl_is_not_online(raw):
    join(1)
    stale = f"{int(time.time()) - 1} 2 Person 0002"  # expiry, user id, name
    raw.hset(key(), "conn.0002", stale)
    raw.hset(cache.make_key(presence._user_key(2)), "conn.0002", stale)

    online = presence.online(channel_id=CHANNEL)

    assert [p["id"] for p in online["people"]] == [1]
    assert not raw.hexists(key(), "conn.0002")  # removed by the read
    assert presence.online_user_ids([1, 2]) == {1}


def test_the_in_process_cache_keeps_presence_without_redis(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    join(1)
    join(2)
    assert presence.online(channel_id=CHANNEL)["count"] == 2
    assert presence.leave(channel_id=CHANNEL, user_id=1, connection="conn.0001")["count"] == 1
    assert presence.online_user_ids([1, 2]) == {2}


def test_sockets_in_their_own_tasks_share_one_cache_client(raw):
    # Each socket lives in its own task, and Django keeps `caches[...]` per
    # async context: presence must not make each open socket hold its own
    # cache backend and Redis connection pool (the idle socket's memory,
    # docs/performance.md, "Idle sockets").
    def pools() -> int:
        gc.collect()
        # type(), not isinstance(): a dead weak proxy among the objects raises on the latter
        return sum(issubclass(type(o), redis.ConnectionPool) for o in gc.get_objects())

    async def forty_open_sockets() -> int:
        joined = asyncio.Event()
        count = 0

        async def socket(n):
            nonlocal count
            await sync_to_async(join)(n)
            count += 1
            if count == 40:
                joined.set()
            await joined.wait()
            await asyncio.sleep(0.1)  # stays open while the pools are counted

        tasks = [asyncio.create_task(socket(n)) for n in range(40)]
        await joined.wait()
        held = pools()
        await asyncio.gather(*tasks)
        return held

    join(0)  # the process's own backend and pool, made once
    before = pools()
    # A server's sockets start from a context where no cache was touched.
    held = contextvars.Context().run(asyncio.run, forty_open_sockets())
    assert held - before < 5
    assert presence.online(channel_id=CHANNEL)["count"] == 40
