"""Database connections stay bounded under load: the ASGI servers, the Celery worker.

Two uvicorn processes, as production runs them, against the pytest
PostgreSQL test database with a pool of POOL_SIZE connections each, take 200
concurrent clients. Every answer is a success, and no server ever holds more
than POOL_SIZE connections (sampled during the load).

Before the pool, each request thread kept its own persistent connection
(CONN_MAX_AGE) and PostgreSQL's 100 slots were gone within seconds.

A prefork Celery worker with the pool docs/deployment.md gives it holds at
most its pool per process.

What a process holds is read on its side, in /proc: PostgreSQL's
pg_stat_activity still lists a connection the process has closed until its
backend exits, which on a loaded machine outlasted two samples.
"""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from tests.discussions.servers import AsgiServer
from tests.discussions.test_multiprocess import database_url  # noqa: F401 (fixture)
from tests.factories import CommunityFactory
from tests.newsletters.processes import CeleryWorker
from tests.processes import RedisServer, celery_producer, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

POOL_SIZE = 4
CLIENTS = 200
REQUESTS_PER_CLIENT = 3


@pytest.fixture
def pooled_servers(database_url, redis_url, tmp_path):  # noqa: F811
    servers = []
    try:
        for n in (1, 2):
            log = open(tmp_path / f"uvicorn-{n}.log", "w")  # noqa: SIM115 -- closed below
            server = AsgiServer(
                database_url=database_url, redis_url=redis_url, log=log
            )
            server.env.update(
                DB_POOL_MAX_SIZE=str(POOL_SIZE), DB_POOL_MIN_SIZE="1",
                CONN_MAX_AGE="60",  # what the old deployment page advised: the pool overrides it
            )
            servers.append(server.start())
        yield servers
    finally:
        for server in servers:
            server.stop()
            server.log.close()


def _process_group(leader: int) -> list[int]:
    """The pids of a process group: the worker, its pool's children, its beat."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # exited meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[2]) == leader:
                pids.append(int(entry.name))
    return pids


def _postgres_connections(pids: list[int], port: int) -> dict[int, int]:
    """How many connections to PostgreSQL each process holds, read on the
    client's side in /proc: PostgreSQL still lists a connection the process has
    closed until its backend exits (a full run once saw 5 for two samples)."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote, state, inode = fields[2], fields[3], fields[9]
            if state == "01" and int(remote.rsplit(":", 1)[1], 16) == port:  # ESTABLISHED
                established.add(f"socket:[{inode}]")
    held = {}
    for pid in pids:
        count = 0
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    count += os.readlink(fd) in established
                except OSError:  # closed meanwhile
                    pass
        except OSError:  # exited meanwhile
            continue
        held[pid] = count
    return held


def test_200_concurrent_clients_get_answers_and_connections_stay_bounded(
        pooled_servers):
    # given the home page (given back after an earlier test's flush by
    # tests/conftest.py), a community page and two pooled servers
    community = CommunityFactory(slug="biodiversite")
    paths = ["/", "/healthz", "/communities/", f"/communities/{community.slug}/", "/events/"]
    port = int(connection.settings_dict["PORT"] or 5432)
    pids = [server.process.pid for server in pooled_servers]
    samples: list[dict[int, int]] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(_postgres_connections(pids, port))
            done.wait(0.05)

    def client(index: int) -> list[tuple[str, int]]:
        statuses = []
        for attempt in range(REQUESTS_PER_CLIENT):
            server = pooled_servers[(index + attempt) % 2]
            path = paths[(index + attempt) % len(paths)]
            try:
                with urllib.request.urlopen(server.http_url + path, timeout=60) as response:
                    statuses.append((path, response.status))
            except urllib.error.HTTPError as error:
                statuses.append((path, error.code))
        return statuses

    # when 200 clients ask at once
    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as executor:
            statuses = [s for result in executor.map(client, range(CLIENTS)) for s in result]
    finally:
        done.set()
        sampler.join()

    # then every answer is a success ...
    assert len(statuses) == CLIENTS * REQUESTS_PER_CLIENT
    assert {status for _, status in statuses} == {200}, sorted(set(statuses))
    # ... and no server ever held more than its pool
    most = max(max(held.values(), default=0) for held in samples)
    assert most <= POOL_SIZE, (most, samples)
    assert most >= 1  # the count did see the servers' connections


# --- The Celery worker ------------------------------------------------------------

WORKER_CONCURRENCY = 2
WORKER_POOL = 2  # a letter batch's marking thread holds a second connection
TASKS = 60


@pytest.fixture
def pooled_worker(database_url, redis_url, tmp_path):  # noqa: F811
    redis = RedisServer().start()
    # The worker's environment in docs/deployment.md: a pool of two per process.
    worker = CeleryWorker(log_path=tmp_path / "worker.log", concurrency=WORKER_CONCURRENCY, env={
        "DJANGO_SETTINGS_MODULE": "terreau.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis.url,
        "DB_POOL_MAX_SIZE": str(WORKER_POOL),
    })
    try:
        yield worker.start(), redis
    finally:
        worker.stop()
        redis.stop()


def test_a_celery_worker_holds_at_most_its_pool_per_process(pooled_worker):
    # given a prefork worker of 2 processes with a pool of 2 each
    worker, redis = pooled_worker
    port = int(connection.settings_dict["PORT"] or 5432)
    producer = celery_producer(redis.url)
    samples: list[dict[int, int]] = []

    def succeeded() -> int:
        return worker.log_path.read_text().count(" succeeded in ")

    # when it runs tasks that query the database, back to back
    for _ in range(TASKS):
        producer.send_task("events.tasks.send_reminders")

    def all_done() -> bool:
        samples.append(_postgres_connections(_process_group(worker.process.pid), port))
        return succeeded() >= TASKS

    wait_until(all_done, timeout=120, interval=0.02, what=f"{TASKS} tasks")

    # then no process of it ever held more than its pool, nor all of them
    # together more than a pool per child
    most = max(max(held.values(), default=0) for held in samples)
    total = max(sum(held.values()) for held in samples)
    assert most <= WORKER_POOL, (most, samples)
    assert total <= WORKER_CONCURRENCY * WORKER_POOL, (total, samples)
    assert most >= 1  # the count did see the worker's connections
