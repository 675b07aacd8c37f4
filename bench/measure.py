"""What the benchmarks measure besides their clients' timings: a fresh
PostgreSQL database per run, the server connections and lock waits seen
during a phase, and the CPU seconds of each part of the topology (/proc).

Shared by bench/registration.py and bench/newsletter.py.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path


def admin_connection(database_url: str):
    import psycopg

    parsed = urllib.parse.urlparse(database_url)
    return psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True), \
        parsed.path.lstrip("/")


def create_database(database_url: str) -> None:
    connection, name = admin_connection(database_url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    connection, name = admin_connection(database_url)
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

    def __init__(self, topology, database_url: str):
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


# --- A phase: everyone at once ---------------------------------------------------------


def burst(clients: list, call, cpu: Cpu | None = None, used: dict | None = None):
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
