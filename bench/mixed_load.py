"""A mixed load (locust) on the production topology with the large data set:
people browse, register to an event, chat and read letters while a letter is
sent in the background.

    .venv/bin/python bench/mixed_load.py --scale 0.1 --users 100 --duration 120

What runs (deploy/local.py, as `make prod-local`): nginx with TLS in front of
2 uvicorn processes on the production settings (pooled database
connections), one Celery worker and beat, a private Redis, an SMTP server
that keeps each message in a Maildir, against a fresh PostgreSQL database
(BENCH_DATABASE_URL, dropped afterwards unless --keep) filled by
`seed_large --scale`.

Two locust runs of --users users each, for --duration seconds, headless
(bench/locustfile.py says who does what):

1. baseline: every user asks for /healthz only (a database query, a
   channel-layer round trip through Redis, a broker connection);
2. mixed: visitors, members and chatters (4 : 5 : 1) on the first large
   community; --delay seconds in, this process starts sending a letter to
   --subscribers subscribers through the worker and times it to "sent".

Prints, per endpoint: requests, failures, p50 and p95 in ms, and p95 against
the baseline's /healthz p95; then the checks (the rush event: exactly
--seats confirmed and the rest in line at positions 1..n; the letter: one
copy per subscriber in the Maildir) and one JSON line. Exit status 1 when a
request failed or a check did not hold.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from measure import create_database, drop_database
from registration import mails, new_event, outcome

from deploy.local import Topology, free_port
from tests.processes import RedisServer

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench_mixed_load"


def sessions_for(users) -> list[str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def prepare(topology: Topology, *, users: int, seats: int, subscribers: int) -> dict:
    """Pages, sessions of members who are not gardeners (no second factor), the
    rush event and the letter to send; written for bench/locustfile.py."""
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Circle, Community, Membership
    from discussions.models import Channel
    from newsletters.models import Letter, Subscription
    from roles.models import GardenerPair
    from tests.newsletters.factories import LetterFactory, SectionFactory

    community = Community.objects.get(slug="large-000")
    pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
    gardeners = {pair.territory_gardener_id, pair.institution_gardener_id}
    # The first --users become sessions; --subscribers people (members already,
    # or made citizens of the community) receive the letter.
    want = max(users, subscribers)
    eligible = User.objects.filter(is_staff=False).exclude(pk__in=gardeners).order_by("pk")
    people = list(eligible.filter(memberships__community=community)[:want])
    people += eligible.exclude(memberships__community=community)[: want - len(people)]
    Membership.objects.bulk_create(
        [Membership(community=community, user=user, circle=Circle.CITIZENS) for user in people],
        ignore_conflicts=True,
    )
    members = people
    channel = Channel.objects.get(community=community, is_general=True)
    event_pk = new_event(community.pk, seats)
    read = Letter.objects.filter(community=community, state=Letter.State.SENT).order_by("-pk").first()

    letter = LetterFactory(community=community, title="Lettre de la charge",
                           created_by=pair.territory_gardener,
                           circles=(Circle.ENGAGED, Circle.INFORMED, Circle.CITIZENS))
    SectionFactory(letter=letter, author=pair.territory_gardener, state="accepted",
                   title="Fête des semences")
    Subscription.objects.bulk_create(
        [Subscription(user=user, community=community, subscribed=True,
                      source=Subscription.Source.PROFILE, consented_at=timezone.now())
         for user in people[:subscribers]],
        update_conflicts=True, unique_fields=["user", "community"],
        update_fields=["subscribed", "consented_at"],
    )
    return {
        "url": topology.url,
        "ws_url": topology.url.replace("https://", "wss://") + f"/ws/channels/{channel.pk}/",
        "sessions": sessions_for(members[:users]),
        "pages": {
            "community": community.get_absolute_url(),
            "events": reverse("events:list"),
            "event": community.events.filter(state="published").order_by("-starts_at")
            .first().get_absolute_url(),
            "rush_event": f"/events/{event_pk}/",
            "register": reverse("events:register", args=[event_pk]),
            "channel": channel.get_absolute_url(),
            "archive": reverse("newsletters:archive", kwargs={"slug": community.slug}),
            "letter": reverse("newsletters:web", args=[read.pk]),
        },
        "event_pk": event_pk,
        "letter_pk": letter.pk,
        "sender_pk": pair.territory_gardener_id,
    }


def locust(topology, data_file: Path, prefix: Path, classes: list[str], args) -> dict:
    env = {**os.environ, "MIXED_LOAD_DATA": str(data_file)}
    subprocess.run(
        [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
         *classes, "--headless", "--host", topology.url, "--users", str(args.users),
         "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
         "--stop-timeout", "30", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.log", "w"),  # noqa: SIM115 -- locust's own summary, kept
    )
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            name = row["Name"] if row["Type"] != "WS" else "WS post"
            rows[name] = {"n": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                          "p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0)}
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with open(failures_file, newline="") as found:
            failures = [f"{r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(found)]
    return {"rows": rows, "failures": failures}


def send_letter_later(delay: float, data: dict, timing: dict) -> threading.Thread:
    """The gardener presses "Send now" --delay seconds into the load; the
    worker sends the copies; timed until the letter is marked sent."""

    def run():
        from accounts.models import User
        from newsletters import services as letters
        from newsletters.models import Letter

        time.sleep(delay)
        started = time.monotonic()
        letters.letter_send_now(letter=Letter.objects.get(pk=data["letter_pk"]),
                                actor=User.objects.get(pk=data["sender_pk"]))
        while Letter.objects.get(pk=data["letter_pk"]).state != Letter.State.SENT:
            if time.monotonic() - started > 600:
                timing["error"] = "not sent within 600 s"
                return
            time.sleep(0.5)
        timing["seconds"] = round(time.monotonic() - started, 1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def print_table(baseline: dict, mixed: dict) -> None:
    base = baseline["rows"].get("/healthz", {}).get("p95_ms") or 1
    print(f"{'endpoint':<28}{'n':>7}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}{'p95/healthz':>13}")
    for label, run in (("baseline", baseline), ("mixed", mixed)):
        print(f"-- {label}")
        for name, row in run["rows"].items():
            print(f"{name:<28}{row['n']:>7}{row['failures']:>6}{row['p50_ms']:>9.0f}"
                  f"{row['p95_ms']:>9.0f}{row['p95_ms'] / base:>13.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=120, help="seconds per run")
    parser.add_argument("--seats", type=int, default=25, help="seats of the rush event")
    parser.add_argument("--subscribers", type=int, default=2000, help="copies of the letter")
    parser.add_argument("--delay", type=float, default=20, help="seconds before the letter is sent")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    run_dir = Path(tempfile.mkdtemp(prefix="terreau-bench-mixed-"))
    mailbox = run_dir / "mail"
    create_database(args.database_url)
    redis = RedisServer().start()
    topology = Topology(
        database_url=args.database_url, redis_url=redis.url,
        email_url=f"smtp://127.0.0.1:{(smtp_port := free_port())}", mailbox=(mailbox, smtp_port),
        run_dir=run_dir,
        env={"LOG_LEVEL": "WARNING",
             "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)},
    )
    problems: list[str] = []
    timing: dict = {}
    baseline = mixed = {"rows": {}, "failures": []}
    try:
        topology.start(migrate=True)
        started = time.monotonic()
        seeded = subprocess.run(
            [sys.executable, "manage.py", "seed_large", "--scale", str(args.scale)],
            cwd=ROOT, env=topology.env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        print(f"{seeded} ({time.monotonic() - started:.0f} s)", flush=True)
        os.environ.update(topology.env)
        import django

        django.setup()
        data = prepare(topology, users=args.users, seats=args.seats, subscribers=args.subscribers)
        data_file = run_dir / "locust.json"
        data_file.write_text(json.dumps(data))

        baseline = locust(topology, data_file, run_dir / "baseline", ["HealthUser"], args)
        letters_before = mails(mailbox)
        sender = send_letter_later(args.delay, data, timing)
        mixed = locust(topology, data_file, run_dir / "mixed", ["Visitor", "Member", "Chatter"],
                       args)
        sender.join(timeout=600)
        print_table(baseline, mixed)

        event = outcome(data["event_pk"])
        registrants = mixed["rows"].get("register", {}).get("n", 0)
        expected = min(args.seats, registrants)
        if (event["confirmed"] != expected or not event["waiting_positions_ok"]
                or event["rows"] != registrants):
            problems.append(f"rush event: {event} for {registrants} registrations, "
                            f"{args.seats} seats")
        copies = mails(mailbox) - letters_before  # and the registrations' confirmations
        if "seconds" not in timing:
            problems.append(f"letter: {timing.get('error', 'not sent')}")
        from newsletters.models import Delivery, Letter

        letter = Letter.objects.get(pk=data["letter_pk"])
        sent = Delivery.objects.filter(letter=letter, state=Delivery.State.SENT).count()
        if not (sent == letter.recipients_total == args.subscribers):
            problems.append(f"letter: {sent} copies sent of {letter.recipients_total} "
                            f"recipients, {args.subscribers} subscribers")
        for run in (baseline, mixed):
            problems += run["failures"]
        print(f"rush event: {event['confirmed']} confirmed, {event['waiting']} in line "
              f"({registrants} first registrations, {args.seats} seats)")
        print(f"letter: {sent} copies to {args.subscribers} subscribers, sent in "
              f"{timing.get('seconds')} s; {copies} messages reached the SMTP server during the "
              "run (the copies and the registrations' confirmations)")
    finally:
        topology.stop()
        redis.stop()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_database(args.database_url)
    for problem in problems:
        print("PROBLEM:", problem)
    print(json.dumps({
        "bench": "mixed_load", "scale": args.scale, "users": args.users,
        "duration_s": args.duration, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "baseline": baseline["rows"], "mixed": mixed["rows"], "letter_s": timing.get("seconds"),
        "problems": problems,
    }))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
