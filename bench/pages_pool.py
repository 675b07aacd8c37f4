"""Pages under load with and without the database connection pool.

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/pages_pool.py

Side by side, on the production settings (bench/pages_pool_settings.py) and
the production server (uvicorn, 2 worker processes on one port):

- baseline: no pool, persistent per-thread connections (CONN_MAX_AGE=60, as
  docs/deployment.md recommended before the pool);
- pool: Django's psycopg pool, DB_POOL_MAX_SIZE connections per process.

Each run: --clients threads send --requests GETs each (a new HTTP connection
per request) over /, /communities/, /healthz and a community page, while
PostgreSQL's pg_stat_activity is sampled every 50 ms for the connections of
the benchmark database. A run stops after its requests or after --deadline
seconds, whichever comes first (requests not sent by then are reported).

The benchmark database (BENCH_DATABASE_URL's name, recreated and filled with
`seed_demo`) belongs to a role without superuser rights and is capped at
--db-limit connections (ALTER DATABASE ... CONNECTION LIMIT): the baseline
exhausts that cap, standing for PostgreSQL's max_connections, instead of the
whole server's slots that other databases on it need.

Prints one JSON line: per run, requests answered, errors (5xx and transport
failures), statuses, p50/p95 latency in ms and the most server connections
seen.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import psycopg  # noqa: E402

from tests.discussions.servers import BIN, UVICORN_OPTIONS  # noqa: E402
from tests.processes import free_port, port_answers, wait_until  # noqa: E402

DEFAULT_URL = "postgres://terreau_bench@127.0.0.1:5432/terreau_bench_pool"
ADMIN_USER = "postgres"
PROBE = "terreau-bench-probe"
LOG_DIR = ROOT / "var" / "bench"


def _admin_url(database_url: str, database: str = "postgres") -> str:
    parsed = urllib.parse.urlparse(database_url)
    netloc = f"{ADMIN_USER}@{parsed.hostname}:{parsed.port or 5432}"
    return parsed._replace(netloc=netloc, path=f"/{database}").geturl()


def create_database(database_url: str, limit: int) -> None:
    """A fresh database owned by a role PostgreSQL holds to the database's limit."""
    parsed = urllib.parse.urlparse(database_url)
    name, role = parsed.path.lstrip("/"), parsed.username
    with psycopg.connect(_admin_url(database_url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
        if not exists:
            conn.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER')
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{role}" CONNECTION LIMIT {int(limit)}')


def seed(database_url: str, log) -> str:
    """Migrate, load the demo region; return a community page's path."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "terreau.settings.test",
           "DATABASE_URL": database_url, "CONN_MAX_AGE": "0", "PYTHONPATH": str(ROOT)}
    for variable in ("REDIS_URL", "DB_POOL_MAX_SIZE"):
        env.pop(variable, None)
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=log, stderr=subprocess.STDOUT)
    with psycopg.connect(database_url) as conn:
        slug = conn.execute("SELECT slug FROM communities_community ORDER BY id LIMIT 1").fetchone()
    return f"/communities/{slug[0]}/"


def server_env(database_url: str, *, pool: bool, pool_size: int) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DB_POOL_", "CONN_MAX_AGE", "DEBUG", "SECURE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.pages_pool_settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://terreau.example.org",
        EMAIL_URL="smtp://127.0.0.1:2525",  # page loads send no mail
        BENCH_POOL="1" if pool else "0",
    )
    if pool:
        env["DB_POOL_MAX_SIZE"] = str(pool_size)
    return env


class Server:
    """`uvicorn --workers N`, the production command line (docs/deployment.md)."""

    def __init__(self, env: dict, workers: int, log):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "uvicorn"), "terreau.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), *UVICORN_OPTIONS],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"

        def answers():
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn exited with {self.process.returncode}: see {log.name}")
            return port_answers(self.port)

        wait_until(answers, timeout=90, interval=0.3, what="uvicorn")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(url: str, timeout: float) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = str(response.status)
    except urllib.error.HTTPError as error:
        status = str(error.code)
    except OSError as error:  # refused, reset, timed out
        status = type(error).__name__
    return status, (time.perf_counter() - started) * 1000


def connections(probe, database: str) -> int:
    return probe.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name <> %s "
        "AND backend_type = 'client backend'",
        [database, PROBE],
    ).fetchone()[0]


def run(name: str, database_url: str, paths: list[str], args) -> dict:
    database = urllib.parse.urlparse(database_url).path.lstrip("/")
    log = open(LOG_DIR / f"pages_pool-{name}.log", "w")  # noqa: SIM115 -- closed below
    server = Server(server_env(database_url, pool=name == "pool", pool_size=args.pool_size),
                    args.workers, log)
    probe = psycopg.connect(_admin_url(database_url, database), autocommit=True,
                            application_name=PROBE)
    samples: list[int] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(connections(probe, database))
            done.wait(0.05)

    deadline = time.monotonic() + args.deadline
    results: list[tuple[str, float]] = []
    lock = threading.Lock()

    def client(index: int):
        for n in range(args.requests):
            if time.monotonic() > deadline:
                return
            outcome = get(server.url + paths[(index + n) % len(paths)], args.timeout)
            with lock:
                results.append(outcome)

    try:
        for path in paths:  # templates compiled, caches filled: not measured
            get(server.url + path, args.timeout)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            list(pool.map(client, range(args.clients)))
        elapsed = time.monotonic() - started
        done.set()
        sampler.join()
    finally:
        done.set()
        server.stop()
        log.close()
    # The next run starts once PostgreSQL has let this one's connections go.
    wait_until(lambda: connections(probe, database) == 0, timeout=60, what="connections to close")
    probe.close()

    statuses: dict[str, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(ms for _, ms in results)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(results),
        "not_sent": args.clients * args.requests - len(results),
        "errors": sum(n for s, n in statuses.items() if not s.isdigit() or int(s) >= 500),
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(cuts[49]),
        "p95_ms": round(cuts[94]),
        "seconds": round(elapsed, 1),
        "max_connections": max(samples, default=0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=5, help="per client")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--pool-size", type=int, default=10, help="DB_POOL_MAX_SIZE")
    parser.add_argument("--db-limit", type=int, default=50,
                        help="the benchmark database's CONNECTION LIMIT")
    parser.add_argument("--timeout", type=float, default=60, help="per request, seconds")
    parser.add_argument("--deadline", type=float, default=300, help="per run, seconds")
    parser.add_argument("--only", choices=("baseline", "pool"))
    parser.add_argument("--keep-database", action="store_true",
                        help="reuse the database a previous run created and seeded")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    if args.keep_database:
        with psycopg.connect(database_url) as conn:
            slug = conn.execute("SELECT slug FROM communities_community ORDER BY id").fetchone()
        community = f"/communities/{slug[0]}/"
    else:
        create_database(database_url, args.db_limit)
        with open(LOG_DIR / "pages_pool-seed.log", "w") as log:
            community = seed(database_url, log)
    paths = ["/", "/communities/", "/healthz", community]

    report = {"clients": args.clients, "requests_per_client": args.requests,
              "workers": args.workers, "pool_size": args.pool_size, "db_limit": args.db_limit,
              "paths": paths}
    for name in ("baseline", "pool"):
        if args.only in (None, name):
            report[name] = run(name, database_url, paths, args)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
