"""Server CPU of each main page, one request at a time, in-process, against
the large data set: where a page's time goes when nothing else runs.

    .venv/bin/python bench/pages_cpu.py --scale 1 --requests 20
    .venv/bin/python bench/pages_cpu.py --database-url ... --reuse --profile dashboard

The same pages as bench/pages_large.py (the first community's territory
gardener; the cultivator for the overview), on the production settings,
Redis cache and PostgreSQL (a fresh database filled by `seed_large --scale`,
dropped afterwards unless --keep; --reuse takes a database a --keep run
left). Each page goes through Django's test client with a signed-in
session (second factor passed), HTTPS, after one warm-up request; /healthz
is the baseline row. Per page: the median and the p95 of the process's
CPU time per request (`time.process_time`, which a busy machine does not
inflate as much as wall time), the median wall time, the queries and their
total SQL time as the database driver saw it, the response size.
--profile NAME prints the 25 heaviest functions (cProfile, cumulative) of
NAME over as many more requests, after its figures were taken. Then one
JSON line.

--asgi sends each request through the ASGI application uvicorn serves
(`terreau.asgi`), each in an async context of its own as a server runs
them, instead of the test client's synchronous handler; the table then adds
the Redis connections opened and the Redis server's CPU per request (its
INFO; other clients of the same Redis count too). --django-cache measures
with Django's own Redis cache backend instead of terreau.cache's
(docs/performance.md, "One Redis pool per process").
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from registration import create_database, drop_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench_pages_cpu"


def environment(database_url: str, redis_url: str, run_dir: Path) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "terreau.settings.production",
        "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "EMAIL_URL": "smtp://127.0.0.1:2525", "SITE_URL": "https://perf.example.org",
        "ALLOWED_HOSTS": "perf.example.org",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "STATIC_ROOT": str(run_dir / "static"), "MEDIA_ROOT": str(run_dir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
                          check=True, capture_output=True, text=True).stdout


def measure(client, path: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path, secure=True)  # warm-up: caches, first snapshot, templates
    assert response.status_code == 200, (path, response.status_code)
    cpu, wall, sql, queries = [], [], [], 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(path, secure=True)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries = len(captured.captured_queries)
    cpu.sort()
    return {"cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_p95_ms": round(cpu[max(int(len(cpu) * 0.95) - 1, 0)], 1),
            "wall_p50_ms": round(statistics.median(wall), 1),
            "sql_p50_ms": round(statistics.median(sql), 1), "queries": queries,
            "kib": round(len(response.content) / 1024, 1)}


def redis_cpu_ms(client) -> float:
    """CPU the Redis server has used so far (getrusage, to the microsecond)."""
    used = client.info("cpu")
    return (used["used_cpu_user"] + used["used_cpu_sys"]) * 1000


class AsgiClient:
    """GET through the ASGI application, one async context per request: a
    server's minimum (asgiref's ApplicationCommunicator would add its queues
    and timeouts to the CPU measured)."""

    def __init__(self, session_key: str):
        from terreau.asgi import application

        self.application, self.session_key = application, session_key
        self.loop = asyncio.new_event_loop()

    def get(self, path: str, secure: bool = True):
        # A context of its own, empty as a server's is: this process's own
        # (which has used the cache) would otherwise be copied into it.
        request = self.loop.create_task(self._get(path), context=contextvars.Context())
        return self.loop.run_until_complete(request)

    async def _get(self, path: str):
        from django.http import HttpResponse

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "GET", "scheme": "https", "path": path, "raw_path": path.encode(),
                 "query_string": b"", "root_path": "", "client": ("127.0.0.1", 40000),
                 "server": ("perf.example.org", 443),
                 "headers": [(b"host", b"perf.example.org"), (b"x-forwarded-proto", b"https"),
                             (b"cookie", f"sessionid={self.session_key}".encode())]}
        body, status, delivered = [], [], False
        disconnected = self.loop.create_future()  # a client that stays until the end

        async def receive():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return await disconnected

        async def send(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            else:
                body.append(message.get("body", b""))

        await self.application(scope, receive, send)
        return HttpResponse(b"".join(body), status=status[0])


def measure_asgi(client, path: str, requests: int) -> dict:
    import redis
    from django.conf import settings

    counter = redis.Redis.from_url(settings.REDIS_URL)
    opened = counter.info("stats")["total_connections_received"]  # this counter's own included
    redis_cpu = redis_cpu_ms(counter)
    figures = measure(client, path, requests)
    # The views ran in the server's thread, on its connection: not captured here.
    figures["sql_p50_ms"] = figures["queries"] = None
    calls = requests + 1  # with the warm-up
    figures["redis_connections_per_request"] = round(
        (counter.info("stats")["total_connections_received"] - opened) / calls, 2)
    figures["redis_cpu_ms"] = round((redis_cpu_ms(counter) - redis_cpu) / calls, 2)
    return figures


def _or_dash(value) -> str:
    return "-" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))


def settings_cache_backend() -> str:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"] if settings.configured else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL",
                                                              "redis://127.0.0.1:6379/9"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="use a database a --keep run left")
    parser.add_argument("--profile", metavar="PAGE", help="print where PAGE's time goes")
    parser.add_argument("--asgi", action="store_true",
                        help="through the ASGI application, as uvicorn serves it")
    parser.add_argument("--django-cache", action="store_true",
                        help="Django's own Redis cache backend (a pool per request under ASGI)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    run_dir = Path(tempfile.mkdtemp(prefix="terreau-bench-pages-cpu-"))
    env = environment(args.database_url, args.redis_url, run_dir)
    if not args.reuse:
        create_database(args.database_url)
    figures = {}
    try:
        if not args.reuse:
            manage(env, "migrate", "--noinput")
            print(manage(env, "seed_large", "--scale", str(args.scale)).strip().splitlines()[-1],
                  flush=True)
        manage(env, "collectstatic", "--noinput")
        os.environ.update(env)
        import django

        if args.django_cache:
            from terreau.settings import production

            production.CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
        django.setup()
        from django.core.cache import cache
        from django.test import Client
        from pages_large import sessions_and_pages

        cache.clear()  # its own Redis database: nothing kept from another run
        gardener, cultivator, pages = sessions_and_pages(1)
        pages = {"healthz": "/healthz", **pages}
        print(f"through {'the ASGI application' if args.asgi else 'the test client'}, "
              f"cache {settings_cache_backend()}")
        print(f"{'page':<16}{'cpu p50':>9}{'cpu p95':>9}{'wall p50':>10}{'sql p50':>9}"
              f"{'queries':>9}{'KiB':>7}{'cpu/healthz':>13}"
              + (f"{'redis conn/req':>16}{'redis cpu':>11}" if args.asgi else ""))
        for name, path in pages.items():
            session_key = (cultivator if name == "overview" else gardener)[0]
            if args.asgi:
                client = AsgiClient(session_key)
                figures[name] = f = measure_asgi(client, path, args.requests)
            else:
                client = Client(HTTP_HOST="perf.example.org")
                client.cookies["sessionid"] = session_key
                figures[name] = f = measure(client, path, args.requests)
            base = figures["healthz"]["cpu_p50_ms"] or 1
            print(f"{name:<16}{f['cpu_p50_ms']:>9.1f}{f['cpu_p95_ms']:>9.1f}"
                  f"{f['wall_p50_ms']:>10.1f}{_or_dash(f['sql_p50_ms']):>9}"
                  f"{_or_dash(f['queries']):>9}{f['kib']:>7.0f}{f['cpu_p50_ms'] / base:>13.1f}"
                  + (f"{f['redis_connections_per_request']:>16.2f}{f['redis_cpu_ms']:>11.2f}"
                     if args.asgi else ""), flush=True)
            if name == args.profile:  # apart: the profiler slows what it watches 2-3 times
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.requests):
                    client.get(path, secure=True)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
                print(out.getvalue())
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep and not args.reuse:
            drop_database(args.database_url)
    print(json.dumps({"bench": "pages_cpu", "scale": args.scale, "requests": args.requests,
                      "through": "asgi" if args.asgi else "test client",
                      "cache_backend": settings_cache_backend(),
                      "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
                      "pages": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
