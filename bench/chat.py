"""Chat benchmark: the discussions against a minimal `websockets` broadcast server.

    .venv/bin/python bench/chat.py            # 500 clients, 20 msg/s, 30 s
    .venv/bin/python bench/chat.py --clients 50 --duration 5 --idle 200   # a quick look

What it does, in one run:
1. starts a private redis-server (its own port, no persistence) and prepares a
   PostgreSQL database (DATABASE_URL, default .../terreau_bench: created and
   migrated if needed) with one community, one channel and the members;
2. starts 2 ASGI server processes serving terreau.asgi as production does
   (uvicorn with uvloop, httptools and websockets: tests/discussions/servers.py;
   ASGI_SERVER=daphne for comparison; settings in bench/chat_settings.py);
   connects N WebSocket clients spread over both, on the same channel; one
   more client (the sender) posts R messages a second for D seconds through
   the socket, like the JS client. Each message is stored, then broadcast;
3. does the same against 2 processes of bench/chat_baseline.py (websockets +
   Redis pub/sub, no database);
4. opens I idle sockets on a fresh server process and on a fresh baseline
   process and reports the resident memory each idle connection costs.

Latency is measured from the moment the sender writes its frame to the
moment a client reads the message (all clients live in this process, on
uvloop, so they share one clock and the client is not the bottleneck). Both
servers face the identical client. Losses are counted honestly: every
message the server acknowledged as stored ("posted" with its id) must reach
every listening client within the run plus a 10-second drain; each missing
(message, client) pair is one lost delivery. A post never acknowledged is
counted apart (`not_acknowledged`), and `stored` is read back from the
database.

Prints one JSON line. Targets on a 2-core machine: p99 < 100 ms, 0 lost,
throughput at least 0.3 of the baseline's.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import uvloop  # noqa: E402
import websockets  # noqa: E402

from tests.discussions.servers import AsgiServer  # noqa: E402
from tests.processes import RedisServer, free_port  # noqa: E402

BODY = re.compile(r'"body": ?"bench (\d+)"')
POSTED = re.compile(r'"type": ?"posted", ?"ref": ?(\d+)')
GRACE = 10.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of sending")
    parser.add_argument("--idle", type=int, default=2000, help="idle sockets for the memory figure")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/terreau_bench"),
    )
    return parser.parse_args()


# --- Preparing the database ----------------------------------------------------------------


def prepare_database(database_url: str, redis_url: str, members: int):
    """Create and migrate the database if needed; return (channel id, cookies)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "chat_settings"
    if database_url.startswith("postgres"):
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from communities.discussions import services
    from communities.discussions.models import Message
    from communities.models import Circle, Community, Direction, Membership

    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    direction, _ = Direction.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    # Reused from run to run (deleting a community would cascade into every app).
    community, _ = Community.objects.get_or_create(
        slug="bench-chat",
        defaults={
            "name": "Bench chat", "description": "Benchmark", "territory": "Bench",
            "direction": direction,
        },
    )
    emails = [f"bench-{n}@example.org" for n in range(members)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    User.objects.bulk_create(
        [User(email=e, display_name=e.split("@")[0], password="!") for e in emails if e not in existing]
    )
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    Membership.objects.bulk_create(
        [Membership(community=community, user=u, circle=Circle.ENGAGED) for u in users],
        ignore_conflicts=True,
    )
    channel = services.general_channel_ensure(community=community)
    Message.objects.filter(channel=channel).delete()
    store = SessionStore()
    sessions, cookies = [], []
    expire = timezone.now() + timezone.timedelta(days=1)
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        cookies.append(f"sessionid={key}")
    Session.objects.bulk_create(sessions)
    from django.db import connections

    connections.close_all()
    return channel.pk, cookies


# --- Clients -------------------------------------------------------------------------------


class Receiver:
    """One listening client: when each bench message arrived."""

    def __init__(self):
        self.arrivals: dict[int, float] = {}
        self.acknowledged: dict[int, float] = {}  # the sender's posts the server stored
        self.ready = asyncio.Event()
        self.socket = None

    async def run(self, url, cookie, origin):
        async with websockets.connect(
            url, additional_headers={"Cookie": cookie}, origin=origin,
            ping_interval=None, open_timeout=60, max_size=None, max_queue=None,
        ) as socket:
            self.socket = socket
            async for text in socket:
                if '"bench ' in text:
                    match = BODY.search(text)
                    if match:
                        self.arrivals.setdefault(int(match.group(1)), time.monotonic())
                elif '"posted"' in text:
                    match = POSTED.search(text)
                    if match:
                        self.acknowledged.setdefault(int(match.group(1)), time.monotonic())
                elif not self.ready.is_set() and '"hello"' in text:
                    self.ready.set()


async def connect_all(receivers, urls, cookies, origins, concurrency=50):
    """Open every socket (a few at a time) and wait for each hello."""
    tasks = []
    gate = asyncio.Semaphore(concurrency)

    async def one(receiver, url, cookie, origin):
        async with gate:
            task = asyncio.ensure_future(receiver.run(url, cookie, origin))
            tasks.append(task)
            await asyncio.wait_for(receiver.ready.wait(), 120)

    await asyncio.gather(
        *(one(r, u, c, o) for r, u, c, o in zip(receivers, urls, cookies, origins, strict=True))
    )
    return tasks


async def close_all(receivers, tasks):
    for receiver in receivers:
        if receiver.socket is not None:
            await receiver.socket.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def conversation(
    urls, origins, cookies, sender_url, sender_cookie, sender_origin, rate, duration, pids=(),
    acknowledges=True,
):
    """N listeners, one sender at `rate` for `duration`: latency and losses."""
    receivers = [Receiver() for _ in urls]
    tasks = await connect_all(receivers, urls, cookies, origins)
    sender = Receiver()
    tasks += await connect_all([sender], [sender_url], [sender_cookie], [sender_origin])
    await asyncio.sleep(2.5)  # let the presence announcements of the arrivals pass

    count = int(rate * duration)
    sent: dict[int, float] = {}
    profilers = profile(pids, duration)
    cpu_before = cpu_seconds(pids)
    start = time.monotonic()
    for k in range(count):
        delay = start + k / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        sent[k] = time.monotonic()
        await sender.socket.send(json.dumps({"type": "post", "body": f"bench {k}", "ref": k}))
    last_sent = time.monotonic()

    def complete():
        stored = len(sender.acknowledged) >= count or not acknowledges
        return stored and all(len(r.arrivals) >= count for r in receivers)

    while not complete() and time.monotonic() - last_sent < GRACE:
        await asyncio.sleep(0.05)
    cpu_used = cpu_seconds(pids) - cpu_before
    for profiler in profilers:
        profiler.wait()
    await close_all(receivers + [sender], tasks)

    latencies = [
        (arrived - sent[k]) * 1000 for r in receivers for k, arrived in r.arrivals.items() if k in sent
    ]
    delivered = len(latencies)
    # The baseline stores nothing and acknowledges nothing: every post counts.
    stored = set(sender.acknowledged) if acknowledges else set(sent)
    # Storing alone: from the sender's frame to its "posted" acknowledgement.
    storing = sorted((t - sent[k]) * 1000 for k, t in sender.acknowledged.items() if k in sent)
    lost = sum(1 for r in receivers for k in stored if k not in r.arrivals)
    last_arrival = max((a for r in receivers for a in r.arrivals.values()), default=last_sent)
    latencies.sort()
    return {
        "messages": count,
        "expected_deliveries": count * len(receivers),
        "delivered": delivered,
        "not_acknowledged": count - len(stored),
        "lost": lost,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "ack_p50_ms": round(statistics.median(storing), 1) if storing else None,
        "ack_p99_ms": round(storing[int(0.99 * (len(storing) - 1))], 1) if storing else None,
        "deliveries_per_s": round(delivered / max(last_arrival - start, 1e-9), 1),
        "server_cpu_us_per_delivery": round(cpu_used / max(delivered, 1) * 1e6, 1),
    }


async def idle_memory(url, origin, cookies, count, rss):
    """Resident memory per idle socket: RSS after `count` sockets minus before."""
    warm = [Receiver()]
    tasks = await connect_all(warm, [url], cookies[:1], [origin])
    await close_all(warm, tasks)
    await asyncio.sleep(1.5)
    before = rss()
    receivers = [Receiver() for _ in range(count)]
    tasks = await connect_all(
        receivers, [url] * count, [cookies[n % len(cookies)] for n in range(count)], [origin] * count
    )
    await asyncio.sleep(3)
    after = rss()
    await close_all(receivers, tasks)
    return round((after - before) / count, 1)


def profile(pids, duration):
    """BENCH_PROFILE=dir: py-spy samples each server while the sender sends."""
    folder = os.environ.get("BENCH_PROFILE")
    if not folder or not pids:
        return []
    Path(folder).mkdir(parents=True, exist_ok=True)
    py_spy = str(Path(sys.executable).with_name("py-spy"))
    return [
        subprocess.Popen(
            [py_spy, "record", "-p", str(pid), "-d", str(int(duration)), "-r", "200", "-f", "raw",
             "-o", f"{folder}/{n}-{pid}.txt"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for n, pid in enumerate(pids)
    ]


def run(coroutine):
    """Run the clients on uvloop, as fast an event loop as the servers'."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def cpu_seconds(pids) -> float:
    """User + system CPU time used so far by these processes."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def measured(coroutine, pids):
    """Run a conversation; add the CPU seconds the servers and this process used."""
    servers_before = cpu_seconds(pids)
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    result = run(coroutine)
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    result["servers_cpu_s"] = round(cpu_seconds(pids) - servers_before, 1)
    result["clients_cpu_s"] = round(
        own_after.ru_utime + own_after.ru_stime - own_before.ru_utime - own_before.ru_stime, 1
    )
    return result


# --- The baseline servers ------------------------------------------------------------------


class BaselineServer:
    def __init__(self, redis_url):
        self.port = free_port()
        self.redis_url = redis_url
        self.process = None

    @property
    def ws_url(self):
        return f"ws://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "chat_baseline.py"), str(self.port), self.redis_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdout.readline().strip() == b"ready"
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def rss_kb(self):
        return AsgiServer.rss_kb(self)


# --- Main ----------------------------------------------------------------------------------


def main():
    args = parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    members = max(args.clients + 1, 2)
    redis_server = RedisServer().start()
    started = []
    try:
        channel_id, cookies = prepare_database(args.database_url, redis_server.url, members)
        path = f"/ws/channels/{channel_id}/"

        def start_server():
            server = AsgiServer(
                database_url=args.database_url, redis_url=redis_server.url,
                settings="chat_settings", pythonpath=(BENCH,),
                log=open(f"/tmp/chat-bench-server-{len(started)}.log", "w"),  # noqa: SIM115
            )
            started.append(server)
            return server.start()

        # 1. The discussions.
        servers = [start_server() for _ in range(args.processes)]
        listeners = [servers[n % len(servers)] for n in range(args.clients)]
        ours = measured(
            conversation(
                [s.ws_url + path for s in listeners], [f"http://127.0.0.1:{s.port}" for s in listeners],
                cookies[1 : args.clients + 1], servers[0].ws_url + path, cookies[0],
                f"http://127.0.0.1:{servers[0].port}", args.rate, args.duration,
                [s.process.pid for s in servers],
            ),
            [s.process.pid for s in servers],
        )
        from communities.discussions.models import Message

        ours["stored"] = Message.objects.filter(channel_id=channel_id).count()
        for server in servers:
            server.stop()

        # 2. The baseline, same topology: N processes sharing Redis.
        baselines = [BaselineServer(redis_server.url).start() for _ in range(args.processes)]
        started.extend(baselines)
        listeners = [baselines[n % len(baselines)] for n in range(args.clients)]
        base = measured(
            conversation(
                [b.ws_url + "/" for b in listeners], [None] * args.clients, ["x=1"] * args.clients,
                baselines[0].ws_url + "/", "x=1", None, args.rate, args.duration,
                [b.process.pid for b in baselines], acknowledges=False,
            ),
            [b.process.pid for b in baselines],
        )
        for baseline in baselines:
            baseline.stop()

        # 3. Memory per idle connection, each on a fresh process.
        fresh = start_server()
        memory = run(
            idle_memory(fresh.ws_url + path, f"http://127.0.0.1:{fresh.port}", cookies, args.idle, fresh.rss_kb)
        )
        fresh.stop()
        fresh_baseline = BaselineServer(redis_server.url).start()
        started.append(fresh_baseline)
        base_memory = run(
            idle_memory(fresh_baseline.ws_url + "/", None, ["x=1"], args.idle, fresh_baseline.rss_kb)
        )
        fresh_baseline.stop()
    finally:
        for server in started:
            try:
                server.stop()
            except Exception:  # noqa: BLE001
                pass
        redis_server.stop()

    throughput_ratio = round(ours["deliveries_per_s"] / base["deliveries_per_s"], 3)
    p99_ratio = round(ours["p99_ms"] / base["p99_ms"], 2) if ours["p99_ms"] and base["p99_ms"] else None
    print(
        json.dumps(
            {
                "bench": "chat",
                "server": os.environ.get("ASGI_SERVER") or "uvicorn",
                "clients": args.clients,
                "processes": args.processes,
                "rate_per_s": args.rate,
                "duration_s": args.duration,
                "terreau": ours,
                "baseline": base,
                "throughput_ratio": throughput_ratio,
                "p99_ratio": p99_ratio,
                "idle_sockets": args.idle,
                "memory_per_idle_connection_kb": memory,
                "baseline_memory_per_idle_connection_kb": base_memory,
                "targets_met": {
                    "p99_under_100_ms": bool(ours["p99_ms"] is not None and ours["p99_ms"] < 100),
                    # Every post stored and every stored post delivered everywhere.
                    "zero_lost": ours["lost"] == 0 and ours["not_acknowledged"] == 0,
                    "throughput_ratio_at_least_0_3": throughput_ratio >= 0.3,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
