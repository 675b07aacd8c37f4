"""Newsletter sending benchmark: 10,000 recipients to a local SMTP sink.

    .venv/bin/python bench/newsletter.py --recipients 10000

What it does, end to end:

1. creates a fresh PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/terreau_bench_news) and migrates it;
2. seeds one community whose --recipients engaged members agreed to receive
   its letters with a verified address, and a letter with three accepted
   sections;
3. starts an SMTP sink (aiosmtpd) in its own process, counting every
   accepted message per recipient;
4. starts the letter (`letter_send_now`: the delivery rows; timed apart as
   "start_seconds"), then sends it the way the Celery task does
   (`letter_send_batch` until nothing is left) in --processes processes,
   timed from the delivery rows existing to the last copy accepted by the
   sink and marked sent: claims, rendering, building each copy, SMTP, marks;
5. in the same run, the baseline: a plain `smtplib` loop sending the same
   messages, built beforehand (not timed), over one connection, timed from
   connecting to the last "250 OK"; once before and once after the letter
   (the load of a shared machine drifts), its rate the mean of the two;
6. prints one JSON line: e-mails per second of both, their ratio (target at
   least 0.7), and the duplicates and misses seen by the sink (must be 0).

Exit status 1 on a duplicate or a miss.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from measure import create_database, drop_database  # bench/

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/terreau_bench_news"
BASELINE_HEADER = b"X-Bench: baseline-"  # + "before" or "after"
BASELINE_RUNS = ("before", "after")


# --- The SMTP sink (its own process: the sender and the sink do not share a GIL) ----


def run_sink(port: int, out: str) -> None:
    from aiosmtpd.controller import Controller

    counts = {"newsletter": Counter(), **{f"baseline-{run}": Counter() for run in BASELINE_RUNS}}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            phase = "newsletter"
            if envelope.content.startswith(BASELINE_HEADER):
                phase = envelope.content[len(b"X-Bench: "):].split(b"\r\n", 1)[0].decode()
            for recipient in envelope.rcpt_tos:
                counts[phase][recipient.lower()] += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()

    def dump(*_):
        controller.stop()
        Path(out).write_text(json.dumps({k: dict(v) for k, v in counts.items()}))
        sys.exit(0)

    signal.signal(signal.SIGTERM, dump)
    signal.signal(signal.SIGINT, dump)
    while True:
        signal.pause()


def seed(recipients: int):
    """A community, its subscribed engaged members, a letter ready to send."""
    import datetime as dt

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from accounts.models import User
    from communities.models import Circle, Community, Direction, Membership
    from newsletters.models import AudienceCircle, Letter, Section, Subscription

    direction = Direction.objects.create(name="Environnement", slug="environnement")
    community = Community.objects.create(
        name="Biodiversité", slug="biodiversite", description="Bench", territory="Occitanie",
        direction=direction,
    )
    gardener = User.objects.create(email="gardener@example.org", display_name="Jardinière")
    users = User.objects.bulk_create(
        [User(email=f"reader{i}@example.org", display_name=f"Lectrice {i}", password="!",
              preferred_language="fr")
         for i in range(recipients)],
        batch_size=2000,
    )
    now = timezone.now()
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [Membership(community=community, user=u, circle=Circle.ENGAGED) for u in users],
        batch_size=2000,
    )
    Subscription.objects.bulk_create(
        [Subscription(user=u, community=community, subscribed=True, source="profile",
                      consented_at=now) for u in users],
        batch_size=2000,
    )
    letter = Letter.objects.create(
        community=community, title="Lettre de printemps",
        planned_for=timezone.localdate(), contributions_until=now + dt.timedelta(days=1),
        intro="<p>Bonjour à toutes et à tous, voici les nouvelles de la communauté.</p>",
        state=Letter.State.EDITING,
    )
    AudienceCircle.objects.create(letter=letter, community=community, circle=Circle.ENGAGED)
    body = (
        "<h3>Ce qui s'est passé</h3><p>Les <strong>semis</strong> ont pris, la mare est "
        "restaurée et <a href=\"https://example.org/carte\">la carte des acteurs</a> est à "
        "jour.</p><ul><li>Atelier compost</li><li>Sortie nature</li><li>Bourse aux "
        "graines</li></ul>"
    ) * 2
    for position in range(1, 4):
        Section.objects.create(
            letter=letter, author=gardener, author_name="Jardinière",
            title=f"Rubrique {position}", body=body, state=Section.State.ACCEPTED,
            position=position,
        )
    return letter, gardener


# --- The two senders -------------------------------------------------------------------------


def send_batches(letter_id: int, totals=None) -> dict:
    """One sending process: what the Celery task does, without the broker."""
    from django.db import connections

    from newsletters.services import letter_send_batch

    counted = {"batches": 0, "sent": 0, "mark_updates": 0}
    while True:
        result = letter_send_batch(letter_id=letter_id)
        if not result.claimed:
            break
        counted["batches"] += 1
        counted["sent"] += result.sent
        counted["mark_updates"] += result.mark_updates
    connections.close_all()
    if totals is not None:
        totals.put(counted)
    return counted


def newsletter_start(letter, gardener) -> float:
    """`letter_send_now`: the letter locked, one delivery row per recipient
    inserted, the letter moved to "sending". Once per letter, before any
    message exists: timed apart ("start_seconds")."""
    from newsletters import tasks
    from newsletters.services import letter_send_now

    tasks.send_letter.delay = lambda letter_id: None  # the processes below do the work
    started = time.perf_counter()
    letter_send_now(letter=letter, actor=gardener)
    return time.perf_counter() - started


def newsletter_run(letter, processes: int) -> tuple[float, dict]:
    """(seconds, counts): from the delivery rows existing to the return of
    the last batch, which is after the last copy was accepted by the sink
    *and* marked sent."""
    from django.db import connections

    started = time.perf_counter()
    cpu = time.process_time()
    if processes == 1:
        counted = send_batches(letter.pk)
        counted["cpu_seconds"] = time.process_time() - cpu
    else:
        import multiprocessing

        connections.close_all()
        context = multiprocessing.get_context("fork")
        totals = context.Queue()
        children = [context.Process(target=send_batches, args=(letter.pk, totals))
                    for _ in range(processes)]
        for child in children:
            child.start()
        counts = [totals.get() for _ in children]
        for child in children:
            child.join()
        counted = {key: sum(c[key] for c in counts) for key in counts[0]}
    return time.perf_counter() - started, counted


def baseline_messages(letter) -> list[tuple[str, bytes]]:
    """The copies as the letter sends them (same bytes, same recipients)."""
    """The same copies, rendered beforehand: what a plain loop would send."""
    from django.conf import settings

    from newsletters import rendering, selectors
    from newsletters.models import Delivery

    rendered = rendering.render_letter(letter, selectors.accepted_sections(letter),
                                       language="fr")
    messages = []
    for delivery in Delivery.objects.filter(letter=letter).select_related("user").order_by("pk"):
        message = rendering.build_message(
            letter, rendered, email=delivery.email, name=str(delivery.user),
            user_id=delivery.user_id, message_id=delivery.message_id(),
        )
        raw = message.message().as_bytes(linesep="\r\n")
        messages.append((delivery.email, raw))
    assert settings.DEFAULT_FROM_EMAIL
    return messages


def baseline_run(port: int, messages, sender: str, run: str) -> float:
    """From connecting to the last "250 OK"; the messages are built already
    (the X-Bench line that tells the sink which run it is, too)."""
    tag = BASELINE_HEADER + run.encode() + b"\r\n"
    messages = [(recipient, tag + data) for recipient, data in messages]
    started = time.perf_counter()
    cpu = time.process_time()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for recipient, data in messages:
            smtp.sendmail(sender, [recipient], data)
        seconds = time.perf_counter() - started
    return seconds, time.process_time() - cpu


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the SMTP sink did not start on port {port}")


def _tally(counts: dict, recipients: int) -> dict:
    expected = {f"reader{i}@example.org" for i in range(recipients)}
    return {
        "received": sum(counts.values()),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "misses": len(expected - set(counts)),
        "unexpected": len(set(counts) - expected),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=1,
                        help="sending processes claiming batches concurrently")
    parser.add_argument(
        "--batch-size", type=int, default=int(os.environ.get("NEWSLETTER_BATCH_SIZE", 500))
    )  # the settings default
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--profile", metavar="PATH",
                        help="write cProfile stats of the sending phase (one process) to PATH")
    parser.add_argument("--sink", nargs=2, metavar=("PORT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1])
        return 0

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    port = _free_port()
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"newsletter-sink-{os.getpid()}.json"
    create_database(database_url)
    env = {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "terreau.settings.local",
           "DEBUG": "false", "EMAIL_URL": f"smtp://127.0.0.1:{port}",
           "CELERY_TASK_ALWAYS_EAGER": "true", "LOG_LEVEL": "WARNING",
           "NEWSLETTER_BATCH_SIZE": str(args.batch_size), "CONN_MAX_AGE": "600"}
    os.environ.pop("REDIS_URL", None)
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    sink = subprocess.Popen([sys.executable, __file__, "--sink", str(port), str(out)], cwd=ROOT)
    try:
        _wait_for(port)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection

        letter, gardener = seed(args.recipients)
        start_seconds = newsletter_start(letter, gardener)
        # The baseline runs before and after the letter, and its rate is the
        # mean of both: on a shared machine the load drifts during a run.
        messages = baseline_messages(letter)
        baseline_seconds, baseline_cpu = {}, {}
        baseline_seconds["before"], baseline_cpu["before"] = baseline_run(
            port, messages, settings.DEFAULT_FROM_EMAIL, "before")
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        seconds, counted = newsletter_run(letter, args.processes)
        if args.profile:
            profiler.disable()
            profiler.dump_stats(args.profile)
        baseline_seconds["after"], baseline_cpu["after"] = baseline_run(
            port, messages, settings.DEFAULT_FROM_EMAIL, "after")
        letter.refresh_from_db()
        vendor = connection.vendor
    finally:
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=60)
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            drop_database(database_url)
    counts = json.loads(out.read_text())
    out.unlink()
    newsletter = _tally(counts["newsletter"], args.recipients)
    rate = args.recipients / seconds
    baseline = {}
    for run in BASELINE_RUNS:
        baseline[run] = {"seconds": round(baseline_seconds[run], 2),
                         "cpu_seconds": round(baseline_cpu[run], 2),
                         "emails_per_s": round(args.recipients / baseline_seconds[run], 1),
                         **_tally(counts[f"baseline-{run}"], args.recipients)}
    baseline_rate = sum(args.recipients / baseline_seconds[run] for run in BASELINE_RUNS) / 2
    line = {
        "bench": "newsletter",
        "recipients": args.recipients,
        "database": vendor,
        "processes": args.processes,
        "batch_size": args.batch_size,
        "letter_state": letter.state,
        "newsletter": {"seconds": round(seconds, 2), "emails_per_s": round(rate, 1),
                       "timed": "deliveries exist -> last copy accepted and marked sent "
                                "(claims, rendering, building each copy, SMTP, marks)",
                       "start_seconds": round(start_seconds, 2),
                       "batches": counted["batches"],
                       "mark_updates": counted["mark_updates"],
                       # the sending process's own CPU (both threads), less
                       # sensitive to the neighbours' load than the clock
                       "cpu_seconds": round(counted.get("cpu_seconds", 0), 2),
                       **newsletter},
        "baseline_smtplib": {"emails_per_s": round(baseline_rate, 1),
                             "timed": "connect -> last 250 OK (messages built beforehand); "
                                      "mean rate of a run before and a run after the letter",
                             **baseline},
        "ratio": round(rate / baseline_rate, 3),
        "target_ratio": 0.7,
    }
    print(json.dumps(line))
    broken = newsletter["duplicates"] or newsletter["misses"] or newsletter["unexpected"]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
