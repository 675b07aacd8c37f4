"""Main pages against the large data set, /healthz side by side, on the
production topology.

    .venv/bin/python bench/pages_large.py --scale 0.1 --clients 16 --rounds 3

What runs (deploy/local.py, as `make prod-local`): nginx with TLS in front of
2 uvicorn processes on the production settings, one Celery worker and beat,
a private Redis, against a fresh PostgreSQL database (BENCH_DATABASE_URL,
dropped afterwards unless --keep) filled by `seed_large --scale`.

--clients signed-in clients (the first community's territory gardener, the
cultivator for the overview), each with its own HTTPS keep-alive connection
opened beforehand, all released at once behind a barrier, --requests times
per phase: /healthz, then each page, then /healthz again, per round. Prints
per page p50/p95 in ms and its p95 against the round's /healthz p95
(target: at most 5), then one JSON line.

Before round 1, each page is asked once by every client, untimed: a web
process's first request for a page compiles its templates, loads its
modules and fills its caches (the overview's snapshot and rendered rows),
which a deployment pays once per process start, not per visit. --cold skips
that warm-up, and round 1 then measures it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from registration import Client, burst, create_database, drop_database

from deploy.local import Topology, free_port
from tests.processes import RedisServer

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench_pages_large"


def sessions_and_pages(clients: int):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from accounts.second_factor import session_mark
    from communities.models import Community, Direction
    from discussions.models import Channel
    from events.models import Event
    from roles.models import GardenerPair

    community = Community.objects.get(slug="large-000")
    pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
    Direction.objects.filter(pk=pair.direction_id).update(is_coordinating=True)
    event = Event.objects.filter(community=community).order_by("-confirmed_count").first()
    channel = Channel.objects.get(community=community, is_general=True)

    def session(user):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session_mark(store, user)  # gardeners and staff must have typed a second factor
        store.create()
        return store.session_key

    gardener = [session(pair.territory_gardener) for _ in range(clients)]
    cultivator = [session(pair.institution_gardener) for _ in range(clients)]
    pages = {
        "home": "/", "community": community.get_absolute_url(),
        "events": reverse("events:list"), "event": event.get_absolute_url(),
        "channel": channel.get_absolute_url(), "notifications": "/me/notifications/",
        "dashboard": reverse("insights:dashboard", kwargs={"slug": community.slug}),
        "overview": reverse("insights:overview"),
    }
    return gardener, cultivator, pages


def timed(clients, path, requests):
    latencies, errors = [], Counter()
    for _ in range(requests):
        for latency, status, _body in burst(clients, lambda c: c.request("GET", path)):
            latencies.append(latency)
            if status != 200:
                errors[status] += 1
    latencies.sort()
    return {"n": len(latencies), "errors": dict(errors),
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[max(int(len(latencies) * 0.95) - 1, 0)], 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3, help="bursts per page and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_URL))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--cold", action="store_true",
                        help="no untimed request per page before round 1")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    run_dir = Path(tempfile.mkdtemp(prefix="terreau-bench-pages-large-"))
    create_database(args.database_url)
    redis = RedisServer().start()
    topology = Topology(
        database_url=args.database_url, redis_url=redis.url,
        email_url=f"smtp://127.0.0.1:{free_port()}", run_dir=run_dir,
        env={"LOG_LEVEL": "WARNING",
             "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)},
    )
    rounds = []
    try:
        topology.start(migrate=True)
        seeded = subprocess.run(
            [sys.executable, "manage.py", "seed_large", "--scale", str(args.scale)],
            cwd=ROOT, env=topology.env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        print(seeded, flush=True)
        os.environ.update(topology.env)
        import django

        django.setup()
        gardener, cultivator, pages = sessions_and_pages(args.clients)
        as_gardener = [Client(topology, s) for s in gardener]
        as_cultivator = [Client(topology, s) for s in cultivator]
        for group in (as_gardener, as_cultivator):
            burst(group, lambda c: c.request("GET", "/healthz"))  # connections, warm-up
        if not args.cold:
            for name, path in pages.items():
                group = as_cultivator if name == "overview" else as_gardener
                burst(group, lambda c, path=path: c.request("GET", path))
        for number in range(1, args.rounds + 1):
            figures = {"healthz": timed(as_gardener, "/healthz", args.requests)}
            for name, path in pages.items():
                group = as_cultivator if name == "overview" else as_gardener
                figures[name] = timed(group, path, args.requests)
            base = figures["healthz"]["p95_ms"] or 1
            print(f"round {number}{'':<10}{'n':>5}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}"
                  f"{'p95/healthz':>13}")
            for name, f in figures.items():
                print(f"{name:<16}{f['n']:>5}{sum(f['errors'].values()):>5}{f['p50_ms']:>9.0f}"
                      f"{f['p95_ms']:>9.0f}{f['p95_ms'] / base:>13.2f}", flush=True)
            rounds.append(figures)
    finally:
        topology.stop()
        redis.stop()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_database(args.database_url)
    print(json.dumps({"bench": "pages_large", "scale": args.scale, "clients": args.clients,
                      "load_average_1min": [round(load_before, 1),
                                            round(os.getloadavg()[0], 1)],
                      "cold": args.cold, "rounds": rounds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
