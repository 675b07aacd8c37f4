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
import html
import http.client
import json
import os
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from deploy.local import Topology, free_port
from tests.processes import RedisServer, wait_until

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench_registration"
SEAT = "You are registered: your seat is booked."
LINE = ("The event is full: you are on the waiting list. "
        "We will write to you if a seat frees up.")
DUPLICATE = "You are already registered for this event."
CLOSED = "Registration closed on "
MESSAGE = re.compile(r'<span class="toast-text">(.*?)</span>', re.DOTALL)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- The database -----------------------------------------------------------------------


def _admin(database_url: str):
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    return psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True), \
        parsed.path.lstrip("/")


def create_database(database_url: str) -> None:
    connection, name = _admin(database_url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    connection, name = _admin(database_url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ConnectionSampler(threading.Thread):
    """Every 50 ms: the server connections to the benchmark database, and how
    many of them wait for a lock (the event's row); the most seen of each."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        self.database_url = database_url
        self.most = 0
        self.most_waiting_for_a_lock = 0
        self.stopping = threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self.stopping.wait(0.05):
                count, waiting = connection.execute(
                    "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock') "
                    "FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchone()
                self.most = max(self.most, count)
                self.most_waiting_for_a_lock = max(self.most_waiting_for_a_lock, waiting)


class Cpu:
    """CPU seconds used per part of the topology (/proc), to split a phase's cost.

    web: the uvicorn processes; worker: Celery's worker and its children;
    nginx; postgres: the server processes connected to the benchmark database;
    client: this process (the clients' threads). Other work on the machine is
    not counted, so these figures hold on a busy machine where latencies do not.
    """

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, topology: Topology, database_url: str):
        import psycopg

        self.topology = topology
        self.database = psycopg.connect(database_url, autocommit=True)

    @classmethod
    def _seconds(cls, pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / cls.TICK  # utime + stime

    @staticmethod
    def _descendants(roots: list[int]) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(stat.parent.name))
        found, todo = [], list(roots)
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def snapshot(self) -> dict[str, dict[int, float]]:
        processes = self.topology.processes
        groups = {
            "web": [p.pid for name, p in processes.items() if name.startswith("web-")],
            "worker": [processes["worker"].pid],
            "nginx": [processes["nginx"].pid],
        }
        shot = {name: {pid: self._seconds(pid) for pid in self._descendants(roots)}
                for name, roots in groups.items()}
        backends = self.database.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()").fetchall()
        shot["postgres"] = {pid: self._seconds(pid) for (pid,) in backends}
        times = os.times()
        shot["client"] = {0: times.user + times.system}
        return shot

    @staticmethod
    def used(before: dict, after: dict) -> dict[str, float]:
        return {
            name: round(sum(max(cpu - before[name].get(pid, 0.0), 0.0)
                            for pid, cpu in after[name].items()), 2)
            for name in after
        }


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


# --- The clients ----------------------------------------------------------------------------


class Client:
    """One person's HTTPS keep-alive connection through nginx, with their cookies."""

    def __init__(self, topology: Topology, session: str):
        self.topology = topology
        self.cookies = {"sessionid": session}
        self.connection = None
        self.last_location = ""

    def _connect(self):
        if self.connection is None:
            self.connection = http.client.HTTPSConnection(
                self.topology.host, self.topology.port, context=self.topology.ssl_context(),
                timeout=180,
            )
            self.connection.connect()

    def request(self, method: str, path: str, body: str | None = None) -> tuple[float, int, str]:
        """(latency in ms to the last byte, status, body)"""
        self._connect()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers.update({
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.topology.url + path, "Origin": self.topology.url,
            })
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            return (time.perf_counter() - started) * 1000, 0, ""
        latency = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            elif header.lower() == "location":
                self.last_location = value
        if response.getheader("connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return latency, response.status, content.decode("utf-8", "replace")

    def register(self, event_pk: int) -> tuple[float, int, str]:
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        return self.request("POST", f"/events/{event_pk}/register/", body=form)

    def message(self) -> tuple[float, int, str]:
        """The page the last POST redirected to, and the message it shows."""
        path = urllib.parse.urlparse(self.last_location).path or "/"
        latency, status, body = self.request("GET", path)
        found = MESSAGE.findall(body)
        return latency, status, html.unescape(found[0].strip()) if found else ""

    def close(self):
        if self.connection is not None:
            self.connection.close()


def burst(clients: list[Client], call, cpu: Cpu | None = None, used: dict | None = None):
    """Every client calls at the same moment; results in the clients' order.
    With `cpu`, the CPU seconds each part used meanwhile go into `used`."""
    barrier = threading.Barrier(len(clients) + 1)
    results: list = [None] * len(clients)

    def run(n, client):
        barrier.wait()
        results[n] = call(client)

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    before = cpu.snapshot() if cpu else None
    started = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    if cpu:
        used.update(Cpu.used(before, cpu.snapshot()), wall_s=round(time.perf_counter() - started, 2))
    return results


def figures(results, ok_status: int, used: dict) -> dict:
    latencies = sorted(r[0] for r in results)
    n = len(results)
    return {
        "n": n,
        "errors": sum(1 for r in results if r[1] != ok_status),
        # 0: the connection failed; 502: nginx lost its upstream; 503: /healthz's checks
        "error_statuses": dict(Counter(r[1] for r in results if r[1] != ok_status)),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[max(int(n * 0.95) - 1, 0)], 1),
        "max_ms": round(latencies[-1], 1),
        "wall_s": used["wall_s"],
        # CPU per request, in ms, of each part (Cpu)
        "cpu_ms": {part: round(used[part] * 1000 / n, 1)
                   for part in ("web", "postgres", "nginx", "client", "worker")},
    }


def phase(clients, call, cpu, ok_status):
    used: dict = {}
    results = burst(clients, call, cpu, used)
    return results, figures(results, ok_status, used)


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
        connection, name = _admin(args.database_url)
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
