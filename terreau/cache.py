"""Django's Redis cache, with one connection pool per process.

Django keeps `caches["default"]` per thread and, under ASGI, per async
context: every request is a context of its own, so every request built a
new `RedisCache`, whose client built a new connection pool, which opened a
new TCP connection to Redis (and sent its handshake) the first time the
request read the cache; the footer alone does, on every page. That cost
CPU in the web process and in Redis on each request, and as many Redis
connections as requests in flight (Django ticket #33625, open).

Here the pools live in the module, one per server address and options, and
every instance of the backend in the process draws from them. redis-py's
pools are thread-safe and reset themselves in a forked child (Celery's
prefork workers). docs/performance.md, "One Redis pool per process".
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

_pools: dict = {}
_lock = threading.Lock()


class SharedPoolClient(RedisCacheClient):
    def _get_connection_pool(self, write):
        url = self._servers[self._get_connection_pool_index(write)]
        key = (url, repr(sorted(self._pool_options.items())))
        pool = _pools.get(key)
        if pool is None:
            with _lock:  # two threads asking first build one pool, not two
                pool = _pools.get(key)
                if pool is None:
                    pool = _pools[key] = self._pool_class.from_url(url, **self._pool_options)
        return pool


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedPoolClient
