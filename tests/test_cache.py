"""Requests in flight share the process's Redis connections (terreau/cache.py).

Under ASGI each request is an async context of its own, and Django builds
`caches["default"]` once per context: with Django's own RedisCache, each
request opened a TCP connection to Redis of its own, and 20 requests in
flight held 20 connections."""

import asyncio
import uuid

import pytest
import redis
from django.core.cache import caches

from terreau import cache as shared

REQUESTS = 20


def _open_connections(url: str, name: str) -> int:
    listed = redis.Redis.from_url(url).client_list()
    return sum(1 for client in listed if client.get("name") == name)


async def _count_while_in_flight(url: str, name: str) -> int:
    """20 requests, each in its own context as ASGI runs them, each holding
    what it built until the connections are counted."""
    everyone_read, counted = asyncio.Barrier(REQUESTS + 1), asyncio.Event()

    async def request(n):
        cache = caches["default"]
        await cache.aset(f"page-{n}", n)
        assert await cache.aget(f"page-{n}") == n
        await everyone_read.wait()
        await counted.wait()

    tasks = [asyncio.create_task(request(n)) for n in range(REQUESTS)]
    await everyone_read.wait()
    opened = await asyncio.to_thread(_open_connections, url, name)
    counted.set()
    await asyncio.gather(*tasks)
    return opened


@pytest.fixture
def _forget_pools():
    """The test's pool closes with it, rather than idle in Redis until the
    test process ends."""
    yield
    for key in [key for key in shared._pools if "terreau-cache-test-" in key[0]]:
        shared._pools.pop(key).disconnect()


@pytest.mark.parametrize(
    ("backend", "expected"),
    [("terreau.cache.RedisCache", 1), ("django.core.cache.backends.redis.RedisCache", REQUESTS)],
    ids=["terreau: one connection", "django's own: one per request (the reason for ours)"],
)
def test_requests_in_flight_share_one_redis_connection(redis_url, settings, backend, expected,
                                                      _forget_pools):
    # Given the cache on Redis, its connections named so this test can count them
    name = f"terreau-cache-test-{uuid.uuid4().hex[:8]}"
    location = f"{redis_url}?client_name={name}"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": name}}

    # When 20 requests have read and written the cache and are still in flight
    opened = asyncio.run(_count_while_in_flight(redis_url, name))

    # Then they hold one connection between them (Django's own: one each; the
    # day Django shares its pools, that case fails and terreau/cache.py can go)
    assert opened == expected
