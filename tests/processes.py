"""Real processes shared by the multi-process tests and the benchmarks.

The private Redis listens on its own port with persistence off (`--save ""`),
so a test may stop and restart it without touching the shared Redis.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

from celery import Celery

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=30.0, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


def celery_producer(broker_url: str):
    """A Celery client that publishes to broker_url, as the web process does.

    Not made the current app: the tasks' shared proxies follow the current
    app, so every later test's .delay() (eager under the test settings) would
    otherwise publish to this broker, by then stopped.
    """
    return Celery("web", broker=broker_url, set_as_current=False)


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class RedisServer:
    """A private redis-server (persistence off), to stop and restart freely."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--protected-mode", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_answers(self.port), timeout=10, what="redis-server")
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        wait_until(lambda: not port_answers(self.port), timeout=10, what="redis-server to stop")
