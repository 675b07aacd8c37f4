"""The production topology as processes on one machine, without containers.

    make prod-local          # https://localhost:8443 (self-signed), Ctrl-C stops it

nginx (TLS, static files, WebSocket upgrade) in front of N uvicorn processes
on the production settings, one Celery worker and one beat, against the
PostgreSQL and Redis that DATABASE_URL and REDIS_URL name: the same parts
and the same command lines as docs/deployment.md and deploy/compose.yaml,
so that what a test or a benchmark measures here is what operators run.
tests/test_prod_local.py drives a chat across the two web processes, a
registration and a letter send through it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
UVICORN_OPTIONS = (
    "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio",
    "--ws-per-message-deflate", "false", "--lifespan", "off", "--no-access-log",
    # The proxy's address only: a client's own X-Forwarded-For is never trusted.
    "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1",
    # A chat frame is at most 16 KiB characters (discussions/frames.py): refuse
    # larger ones before buffering them (uvicorn's default is 16 MiB).
    "--ws-max-size", "131072",
    # Longer than nginx's upstream keepalive_timeout (60 s): the proxy, not
    # uvicorn (5 s by default), closes an idle upstream connection, so nginx
    # never sends a request, a POST it would not retry, on a connection
    # uvicorn has just closed (two 502s seen: docs/performance.md).
    "--timeout-keep-alive", "75",
)

NGINX_CONF = """\
{user}
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{
        text/css css; application/javascript js; image/svg+xml svg; image/png png;
        image/jpeg jpg jpeg; image/webp webp; font/woff2 woff2; application/json json;
    }}
    default_type application/octet-stream;
    access_log off;
    # Text compressed: the .gz files collectstatic wrote beside the static
    # files (WhiteNoise's storage); not the pages from the proxy (BREACH).
    gzip on; gzip_static on; gzip_vary on; gzip_comp_level 5;
    gzip_types text/css application/javascript image/svg+xml application/json text/plain;
    client_body_temp_path {run}/body; proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi; uwsgi_temp_path {run}/uwsgi; scgi_temp_path {run}/scgi;
    client_max_body_size 20m;
    upstream terreau {{
{upstreams}
        keepalive 32;
        keepalive_timeout 60s;
    }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" ""; }}
    server {{
        listen 127.0.0.1:{port} ssl http2;
        server_name {host};
        ssl_certificate {run}/tls.crt;
        ssl_certificate_key {run}/tls.key;
        location /static/ {{ alias {static}/; expires 365d; add_header Cache-Control "public, immutable"; }}
        location /media/ {{
            alias {media}/; expires 7d; add_header X-Content-Type-Options nosniff;
        }}
        location / {{
            proxy_pass http://terreau;
            proxy_http_version 1.1;
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError(f"timed out waiting for {what}")


class Topology:
    """Start and stop the whole set; `url` is the public address (nginx)."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        email_url: str,
        run_dir: Path,
        web_processes: int = 2,
        port: int | None = None,
        host: str = "localhost",
        settings: str = "terreau.settings.production",
        env: dict | None = None,
        mailbox: tuple[Path, int] | None = None,
    ):
        self.mailbox = mailbox
        self.run_dir = Path(run_dir)
        self.port = port or free_port()
        self.host = host
        self.web_ports = [free_port() for _ in range(web_processes)]
        self.url = f"https://{host}:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_URL": email_url,
            "SITE_URL": self.url,
            "ALLOWED_HOSTS": host,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "STATIC_ROOT": str(self.run_dir / "static"),
            "MEDIA_ROOT": os.environ.get("MEDIA_ROOT", str(self.run_dir / "media")),
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    # --- the parts ---------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], extra_env: dict | None = None):
        log = open(self.run_dir / f"{name}.log", "a")  # noqa: SIM115 -- the process keeps it
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env={**self.env, **(extra_env or {})},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()

    def _manage(self, *args: str) -> None:
        subprocess.run(
            [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env, check=True,
            stdout=subprocess.DEVNULL,
        )

    def _certificate(self) -> None:
        if (self.run_dir / "tls.crt").exists():
            return
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", f"/CN={self.host}", "-addext", f"subjectAltName=DNS:{self.host}",
             "-keyout", str(self.run_dir / "tls.key"), "-out", str(self.run_dir / "tls.crt")],
            check=True, capture_output=True,
        )

    def _nginx_conf(self) -> Path:
        conf = self.run_dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            user="user root;" if os.geteuid() == 0 else "",
            run=self.run_dir, port=self.port, host=self.host,
            static=self.env["STATIC_ROOT"], media=self.env["MEDIA_ROOT"],
            upstreams="\n".join(
                f"        server 127.0.0.1:{port} max_fails=0;" for port in self.web_ports
            ),
        ))
        return conf

    def start(self, *, migrate: bool = False) -> Topology:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx is not installed (make prod-local installs it)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        Path(self.env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
        self._certificate()
        if migrate:
            self._manage("migrate", "--noinput")
        self._manage("collectstatic", "--noinput")
        try:
            if self.mailbox:
                directory, port = self.mailbox
                self._spawn("smtp", [
                    str(BIN / "python"), "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                    "-c", "aiosmtpd.handlers.Mailbox", str(directory),
                ])
            for n, port in enumerate(self.web_ports, start=1):
                self._spawn(f"web-{n}", [
                    str(BIN / "uvicorn"), "terreau.asgi:application",
                    "--host", "127.0.0.1", "--port", str(port), *UVICORN_OPTIONS,
                    "--header", f"x-terreau-web:{n}",  # which process answered (tests, operators)
                ])
            # Two connections per worker process: a letter batch marks its
            # copies from a second thread (docs/deployment.md).
            self._spawn("worker", [
                str(BIN / "celery"), "-A", "terreau", "worker", "--loglevel=INFO",
                "--concurrency=2", "--without-gossip", "--without-mingle", "-n", "terreau@%h",
            ], {"DB_POOL_MAX_SIZE": "2"})
            self._spawn("beat", [
                str(BIN / "celery"), "-A", "terreau", "beat", "--loglevel=INFO",
                "-s", str(self.run_dir / "beat-schedule"),
            ], {"DB_POOL_MAX_SIZE": "1"})
            self._spawn("nginx", [nginx, "-c", str(self._nginx_conf()), "-g", "daemon off;"])
            wait_until(self._ready, timeout=90, what="the local production topology")
        except BaseException:
            self.stop()
            raise
        return self

    def _ready(self) -> bool:
        for name, process in self.processes.items():
            if process.poll() is not None:
                log = (self.run_dir / f"{name}.log").read_text()[-2000:]
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{log}")
        worker_log = self.run_dir / "worker.log"
        if not worker_log.exists() or " ready." not in worker_log.read_text():
            return False
        for port in self.web_ports:  # every web process answers, not only the first
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except urllib.error.HTTPError:
                pass
            except OSError:
                return False
        try:
            self.get("/healthz")
        except OSError:
            return False
        return True

    def ssl_context(self) -> ssl.SSLContext:
        """Trusts this run's self-signed certificate, and nothing else."""
        return ssl.create_default_context(cafile=str(self.run_dir / "tls.crt"))

    def get(self, path: str, **kwargs):
        return urllib.request.urlopen(self.url + path, context=self.ssl_context(), timeout=30, **kwargs)

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()


def _database_ensure(database_url: str) -> None:
    """Create the database the first time (the PostgreSQL server must exist)."""
    import psycopg

    *server, name = database_url.rsplit("/", 1)
    name = name.split("?")[0]
    with psycopg.connect(f"{server[0]}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    """`make prod-local`: the topology in the foreground until Ctrl-C."""
    for variable in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(variable):
            sys.exit(f"{variable} must be set (make prod-local sets local defaults)")
    run_dir = ROOT / "var" / "prod-local"
    mailbox = None
    if not os.environ.get("EMAIL_URL"):
        # Mail really leaves by SMTP, to a local server that keeps every
        # message in a Maildir (var/prod-local/mail/new/, one file each).
        mailbox = (run_dir / "mail", free_port())
    topology = Topology(
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ["REDIS_URL"],
        email_url=os.environ.get("EMAIL_URL") or f"smtp://127.0.0.1:{mailbox[1]}",
        mailbox=mailbox,
        run_dir=run_dir,
        web_processes=int(os.environ.get("WEB_PROCESSES", "2")),
        port=int(os.environ.get("PORT", "8443")),
    )
    _database_ensure(os.environ["DATABASE_URL"])
    topology.start(migrate=True)
    topology._manage("seed_demo")  # adds nothing when the demo is already there
    print(f"Terreau (production settings) on {topology.url}  (self-signed certificate)")
    print(f"  nginx → {len(topology.web_ports)} uvicorn processes, one Celery worker, one beat")
    print(f"  logs in {run_dir}/; Ctrl-C stops everything")
    if mailbox:
        print(f"  e-mails: {mailbox[0]}/new/ (one file per message)")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        topology.stop()


if __name__ == "__main__":
    main()
