"""The chat benchmark's processes: the database it prepares, the servers it measures (see chat.py)."""

import asyncio
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import uvloop  # noqa: E402

from tests.discussions.servers import UVICORN_OPTIONS, AsgiServer  # noqa: E402
from tests.processes import free_port, port_answers, wait_until  # noqa: E402


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

    from discussions import services
    from discussions.models import Message
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


class BareConsumerServer(BaselineServer):
    """bench/chat_bare.py under uvicorn, with the discussions' server options."""

    def start(self):
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "uvicorn"), "chat_bare:application",
             "--host", "127.0.0.1", "--port", str(self.port), *UVICORN_OPTIONS],
            cwd=BENCH,
            env={**os.environ, "REDIS_URL": self.redis_url, "PYTHONPATH": str(BENCH),
                 "DJANGO_SETTINGS_MODULE": ""},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_answers(self.port), timeout=60, what="the bare consumer's server")
        return self
