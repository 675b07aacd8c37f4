"""Registration benchmark: N people press "Register" at the same moment, on
the production topology.

    .venv/bin/python bench/registration.py --clients 300 --seats 50 --rounds 3

What runs (deploy/local.py, as `make prod-local`): nginx with TLS in front of
--web uvicorn processes on the production settings (Django's psycopg pool,
10 connections per process unless --pool), one Celery worker and beat, a
private Redis, an SMTP server that keeps each message in a Maildir, against a
fresh PostgreSQL database (BENCH_DATABASE_URL, dropped afterwards unless
--keep).

The clients are --clients signed-in members of the community (a session
each, English pages), each with its own HTTPS keep-alive connection opened
beforehand (TLS handshakes are not measured). Each round, every phase
releases all clients at once behind a barrier and times each request to its
last byte:

1. baseline: GET /healthz (a database query, a channel-layer round trip
   through Redis and a broker connection);
2. rush: POST the one-click registration to an event with --seats seats;
3. page: GET the event page the POST redirected to, which shows the
   person's message (a full page, for comparison; the message is read);
4. duplicates: everyone POSTs the same registration again;
5. closed: everyone POSTs a registration to an event whose registration
   closed a minute ago.

Between the rush and the duplicates the worker delivers the e-mails (one per
registration: seat or place in line), timed, so that phases do not overlap
with mail sending. After each round the database and the messages are
checked: exactly --seats confirmed, the rest waiting at positions 1..n, the
duplicates and the closed event changed nothing, every person read the
message meant for them. Exit status 1 otherwise.

Prints a table per round (n, errors, p50/p95/max in ms, p95 against the
baseline's) and one JSON line with every figure; docs/performance.md keeps
them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from https_client import Client
from measure import (
    ConnectionSampler,
    Cpu,
    admin_connection,
    burst,
    create_database,
    drop_database,
    phase,
)

from deploy.local import Topology, free_port
from tests.processes import RedisServer, wait_until

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench_registration"
SEAT = "You are registered: your seat is booked."
LINE = ("The event is full: you are on the waiting list. "
        "We will write to you if a seat frees up.")
DUPLICATE = "You are already registered for this event."
CLOSED = "Registration closed on "
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- Seeding (in this process, on the topology's settings) --------------------------------


def seed(clients: int) -> tuple[int, list[str]]:
    """The community and `clients` members with a session each; returns the community."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User
    from communities.models import Circle, Community, Direction, Membership

    direction = Direction.objects.create(name="Environnement", slug="environnement")
    community = Community.objects.create(
        name="Biodiversité", slug="biodiversite", description="Bench", territory="Occitanie",
        direction=direction,
    )
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.org", display_name=f"Bench {i}", password="!",
             preferred_language="en")
        for i in range(clients)
    )
    Membership.objects.bulk_create(
        Membership(community=community, user=user, circle=Circle.CITIZENS) for user in users
    )
    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    return community.pk, sessions


def new_event(community_pk: int, seats: int, *, closed: bool = False) -> int:
    from django.utils import timezone

    from events.models import Event

    now = timezone.now()
    start = now + dt.timedelta(days=7)
    return Event.objects.create(
        community_id=community_pk, title="Bench" + (" (closed)" if closed else ""),
        description="Bench", starts_at=start, ends_at=start + dt.timedelta(hours=2),
        address="Toulouse", capacity=seats, state=Event.State.PUBLISHED,
        published_at=now - dt.timedelta(days=1),
        registration_closes_at=now - dt.timedelta(minutes=1) if closed else None,
    ).pk


def outcome(event_pk: int) -> dict:
    from events.models import Event, Registration

    rows = Registration.objects.filter(event_id=event_pk)
    positions = sorted(rows.filter(status="waiting").values_list("waiting_position", flat=True))
    event = Event.objects.get(pk=event_pk)
    return {
        "rows": rows.count(),
        "confirmed": rows.filter(status="confirmed").count(),
        "waiting": len(positions),
        "waiting_positions_ok": positions == list(range(1, len(positions) + 1)),
        "counters": [event.confirmed_count, event.waiting_count, event.next_waiting_position],
    }


def mails(mailbox: Path) -> int:
    new = mailbox / "new"
    return len(list(new.iterdir())) if new.exists() else 0


# --- One round ------------------------------------------------------------------------------


def round_(clients, community_pk, seats, mailbox, cpu, round_number) -> tuple[dict, list[str]]:
    problems = []
    event_pk = new_event(community_pk, seats)
    closed_pk = new_event(community_pk, seats, closed=True)
    people = len(clients)
    phases = {}

    _results, phases["healthz"] = phase(clients, lambda c: c.request("GET", "/healthz"), cpu, 200)
    before_mail = mails(mailbox)
    _rush, phases["rush"] = phase(clients, lambda c: c.register(event_pk), cpu, 302)
    rushed_at = time.monotonic()
    pages, phases["page"] = phase(clients, Client.message, cpu, 200)
    got = Counter(r[2] for r in pages)
    if got != Counter({SEAT: min(seats, people), LINE: max(people - seats, 0)}):
        problems.append(f"rush messages: {dict(got)}")
    result = outcome(event_pk)
    want = {"rows": people, "confirmed": min(seats, people), "waiting": max(people - seats, 0),
            "waiting_positions_ok": True}
    if {k: result[k] for k in want} != want:
        problems.append(f"rush outcome {result}")

    # The worker sends one e-mail per registration (seat or place in line).
    try:
        wait_until(lambda: mails(mailbox) - before_mail >= people, timeout=300,
                   what="the e-mails")
    except TimeoutError:
        problems.append(f"e-mails: {mails(mailbox) - before_mail} of {people} after 300 s")
    mail_seconds = round(time.monotonic() - rushed_at, 1)

    again, phases["duplicates"] = phase(clients, lambda c: c.register(event_pk), cpu, 302)
    read = Counter(page[2] for post, page in zip(again, burst(clients, Client.message),
                                                  strict=True) if post[1] == 302)
    if set(read) != {DUPLICATE}:
        problems.append(f"duplicate messages: {dict(read)}")
    if outcome(event_pk) != result:
        problems.append("the duplicates changed the registrations")

    closed, phases["closed"] = phase(clients, lambda c: c.register(closed_pk), cpu, 302)
    read = [page[2] for post, page in zip(closed, burst(clients, Client.message), strict=True)
            if post[1] == 302]
    if not all(m.startswith(CLOSED) for m in read):
        problems.append(f"closed-event messages: {sorted(set(read))[:3]}")
    for key, figure in phases.items():
        if figure["errors"] and key != "healthz":
            problems.append(f"round {round_number}, {key}: errors {figure['error_statuses']}")
    closed_result = outcome(closed_pk)
    if closed_result["rows"] or closed_result["counters"] != [0, 0, 1]:
        problems.append(f"the closed event changed: {closed_result}")

    return {
        "round": round_number,
        "phases": phases,
        "outcome": {k: result[k] for k in ("confirmed", "waiting", "waiting_positions_ok")},
        "oversold": max(result["confirmed"] - seats, 0),
        "emails": mails(mailbox) - before_mail,
        "emails_delivered_s": mail_seconds,
    }, problems


LABELS = {
    "healthz": "GET /healthz (baseline)",
    "rush": "POST register (the rush)",
    "page": "GET event page + message",
    "duplicates": "POST register again",
    "closed": "POST register, closed",
}


def table(result: dict) -> str:
    base = result["phases"]["healthz"]
    lines = [(f"{'round ' + str(result['round']):<27}{'n':>4}{'err':>4}{'p50 ms':>8}"
              f"{'p95 ms':>8}{'max ms':>8}{'/base':>6}  CPU ms per request: "
              f"{'web':>5}{'pg':>5}{'nginx':>6}{'client':>7}{'/base':>6}{'worker':>7}")]
    for key, label in LABELS.items():
        f = result["phases"][key]
        c = f["cpu_ms"]
        lines.append(
            f"{label:<27}{f['n']:>4}{f['errors']:>4}{f['p50_ms']:>8.0f}{f['p95_ms']:>8.0f}"
            f"{f['max_ms']:>8.0f}{f['p95_ms'] / (base['p95_ms'] or 1):>6.2f}{'':>21}"
            f"{c['web']:>5.1f}{c['postgres']:>5.1f}{c['nginx']:>6.1f}{c['client']:>7.1f}"
            f"{c['web'] / (base['cpu_ms']['web'] or 1):>6.2f}{c['worker']:>7.1f}"
            + (f"  errors: {f['error_statuses']}" if f["errors"] else ""))
    o = result["outcome"]
    lines.append(f"  confirmed {o['confirmed']}, waiting {o['waiting']} (positions 1..n: "
                 f"{o['waiting_positions_ok']}), oversold {result['oversold']}; "
                 f"{result['emails']} e-mails delivered by the worker "
                 f"{result['emails_delivered_s']} s after the rush")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--web", type=int, default=2, help="uvicorn processes behind nginx")
    parser.add_argument("--pool", type=int, default=10,
                        help="database connections per web process (DB_POOL_MAX_SIZE)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--synchronous-commit", choices=("on", "off"), default="on",
        help="an experiment, not a setting of the site: 'off' sets the benchmark database's "
             "synchronous_commit, so a COMMIT (and the event's row lock) no longer waits "
             "for the WAL to reach the disk (docs/performance.md)")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    run_dir = Path(tempfile.mkdtemp(prefix="terreau-bench-registration-"))
    mailbox = run_dir / "mail"
    create_database(args.database_url)
    if args.synchronous_commit == "off":
        connection, name = admin_connection(args.database_url)
        with connection:
            connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    redis = RedisServer().start()
    topology = Topology(
        database_url=args.database_url, redis_url=redis.url,
        email_url=f"smtp://127.0.0.1:{(smtp_port := free_port())}",
        mailbox=(mailbox, smtp_port), run_dir=run_dir, web_processes=args.web,
        env={"LOG_LEVEL": "WARNING", "DB_POOL_MAX_SIZE": str(args.pool),
             "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)},
    )
    sampler = ConnectionSampler(args.database_url)
    cpu = None
    results, problems = [], []
    try:
        topology.start(migrate=True)
        # This process seeds with the same settings and SECRET_KEY (sessions).
        os.environ.update(topology.env)
        import django

        django.setup()
        community_pk, sessions = seed(args.clients)
        clients = [Client(topology, s) for s in sessions]
        # Each client's connection, session and CSRF cookie, before any timing.
        warm = burst(clients, lambda c: c.request("GET", "/communities/"))
        if any(status != 200 for _latency, status, _body in warm):
            raise SystemExit(f"warm-up: {sorted({r[1] for r in warm})}")
        for client, (_latency, _status, body) in zip(clients, warm, strict=True):
            token = TOKEN.search(body)
            if "csrftoken" not in client.cookies and token:
                client.cookies["csrftoken"] = token.group(1)
        sampler.start()
        cpu = Cpu(topology, args.database_url)
        for number in range(1, args.rounds + 1):
            result, found = round_(clients, community_pk, args.seats, mailbox, cpu, number)
            results.append(result)
            problems += found
            print(table(result), flush=True)
        for client in clients:
            client.close()
    finally:
        sampler.stopping.set()
        if cpu is not None:
            cpu.database.close()
        topology.stop()
        redis.stop()
        if "django.db" in sys.modules and os.environ.get("DJANGO_SETTINGS_MODULE"):
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_database(args.database_url)

    rush_p95 = [r["phases"]["rush"]["p95_ms"] for r in results]
    base_p95 = [r["phases"]["healthz"]["p95_ms"] for r in results]
    summary = {
        "bench": "registration",
        "clients": args.clients, "seats": args.seats, "rounds": args.rounds,
        "web_processes": args.web, "pool_per_process": args.pool,
        "synchronous_commit": args.synchronous_commit,
        "most_server_connections": sampler.most,
        "most_waiting_for_a_lock": sampler.most_waiting_for_a_lock,
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "rush_p95_ms_median": statistics.median(rush_p95),
        "healthz_p95_ms_median": statistics.median(base_p95),
        "results": results,
        "problems": problems,
    }
    print(f"server connections to the database: at most {sampler.most} "
          f"({args.web} web processes x pool {args.pool}, worker, beat, this process); "
          f"at most {sampler.most_waiting_for_a_lock} waiting for a lock; "
          f"load average (1 min) {summary['load_average_1min'][0]} before, "
          f"{summary['load_average_1min'][1]} after, on {os.cpu_count()} CPUs")
    print(json.dumps(summary))
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
