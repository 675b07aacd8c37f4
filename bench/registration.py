"""Registration benchmark: N people press "Register" at the same moment.

    .venv/bin/python bench/registration.py --clients 60 --seats 25

What it does, end to end:

1. creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/terreau_bench) and migrates it;
2. seeds one published event with --seats seats and --clients signed-in
   members (a session each);
3. serves the project with Django's threaded development server (WSGI, one
   thread and one database connection per request, so requests really run
   in parallel; daphne would run sync views on a single thread);
4. each client loads the event page (CSRF cookie), waits at a barrier, then
   posts the one-click registration; the POST's latency is measured;
5. reads the outcome from the database and prints one JSON line:
   confirmed/waiting counts, p50/p95 latency (ms), oversold seats (must be 0)
   and whether the waiting positions are distinct and 1..n.

Exit status 1 if seats were oversold or the waiting line is broken.
Uses the test settings (mail kept in memory, tasks run in-process), so the
e-mails each registration sends are rendered but go nowhere.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench"


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="terreau.settings.test",
               CONN_MAX_AGE="0", PYTHONPATH=str(ROOT))
    env.pop("REDIS_URL", None)
    return env


def create_database(database_url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def seed(clients: int, seats: int) -> tuple[int, list[str]]:
    """One published event and `clients` members with a session each."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Community, Direction
    from events.models import Event

    direction = Direction.objects.create(name="Environnement", slug="environnement")
    community = Community.objects.create(
        name="Biodiversité", slug="biodiversite", description="Bench", territory="Occitanie",
        direction=direction,
    )
    start = timezone.now() + dt.timedelta(days=7)
    event = Event.objects.create(
        community=community, title="Bench", description="Bench", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), address="Toulouse", capacity=seats,
        state=Event.State.PUBLISHED, published_at=timezone.now(),
    )
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.org", display_name=f"Bench {i}", password="!")
        for i in range(clients)
    )
    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    connections.close_all()
    return event.pk, sessions


def outcome(event_pk: int, seats: int) -> dict:
    from django.db import connections

    from events.models import Registration

    rows = Registration.objects.filter(event_id=event_pk)
    confirmed = rows.filter(status="confirmed").count()
    positions = sorted(rows.filter(status="waiting").values_list("waiting_position", flat=True))
    connections.close_all()
    return {
        "confirmed": confirmed,
        "waiting": len(positions),
        "oversold": max(confirmed - seats, 0),
        "waiting_positions_ok": positions == list(range(1, len(positions) + 1)),
    }


def serve(port: int) -> None:
    import socketserver

    import django

    django.setup()
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class Server(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 1024  # every client connects at once

    httpd = Server(("127.0.0.1", port), Quiet)
    httpd.set_app(get_wsgi_application())
    httpd.serve_forever()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not start on port {port}")


def _cookies(response) -> dict:
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    return jar


def client(port, event_pk, session, barrier, latencies, statuses):
    path = f"/events/{event_pk}/"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    page = conn.getresponse()
    body = page.read().decode()
    csrf_cookie = _cookies(page).get("csrftoken", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1) if token else ""})
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf_cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}{path}",
    }
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    barrier.wait()
    started = time.perf_counter()
    conn.request("POST", f"{path}register/", body=form, headers=headers)
    response = conn.getresponse()
    response.read()
    latencies.append((time.perf_counter() - started) * 1000)
    statuses.append(response.status)
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=60,
                        help="simultaneous clients (mind PostgreSQL's max_connections)")
    parser.add_argument("--seats", type=int, default=25)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ.update(_env(args.database_url))
    sys.path.insert(0, str(ROOT))
    if args.serve:
        serve(args.serve)
        return 0

    create_database(args.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                   cwd=ROOT, env=os.environ, check=True)
    event_pk, sessions = seed(args.clients, args.seats)
    port = _free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port),
                               "--database-url", args.database_url], cwd=ROOT, env=os.environ)
    try:
        _wait_for(port)
        barrier = threading.Barrier(len(sessions))
        latencies: list[float] = []
        statuses: list[int] = []
        threads = [
            threading.Thread(target=client,
                             args=(port, event_pk, s, barrier, latencies, statuses))
            for s in sessions
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = outcome(event_pk, args.seats)
    latencies.sort()
    line = {
        "bench": "registration",
        "clients": args.clients,
        "seats": args.seats,
        **result,
        "http_errors": sum(1 for s in statuses if s != 302),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(latencies[max(int(len(latencies) * 0.95) - 1, 0)], 1)
        if latencies else None,
    }
    print(json.dumps(line))
    if not args.keep:
        drop_database(args.database_url)
    return 0 if result["oversold"] == 0 and result["waiting_positions_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
