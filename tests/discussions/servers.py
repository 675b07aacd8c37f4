"""ASGI server processes for the multi-process tests, the browser journey and
bench/chat.py (the private Redis is in tests/processes.py).

They run what production runs (docs/deployment.md): uvicorn with uvloop,
httptools and the `websockets` implementation. ASGI_SERVER=daphne runs
daphne instead, for comparison.
"""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The production command line (docs/deployment.md), less the public address.
UVICORN_OPTIONS = (
    "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio",
    "--ws-per-message-deflate", "false", "--lifespan", "off", "--no-access-log",
)


def server_command(port: int) -> list[str]:
    if os.environ.get("ASGI_SERVER") == "daphne":
        return [str(BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "terreau.asgi:application"]
    return [
        str(BIN / "uvicorn"), "terreau.asgi:application", "--host", "127.0.0.1", "--port", str(port),
        *UVICORN_OPTIONS,
    ]


class AsgiServer:
    """`uvicorn terreau.asgi:application` on its own port, with the given environment."""

    def __init__(
        self,
        *,
        database_url: str,
        redis_url: str,
        port: int | None = None,
        log=None,
        settings: str = "terreau.settings.test",
        pythonpath: tuple = (),
    ):
        self.port = port or free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "PYTHONPATH": os.pathsep.join([str(ROOT), *map(str, pythonpath)]),
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log
        self.process = None

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            server_command(self.port),
            cwd=ROOT,
            env=self.env,
            stdout=self.log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self.log else subprocess.DEVNULL,
        )

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"the ASGI server exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{self.http_url}/healthz", timeout=2)
            except urllib.error.HTTPError:
                return True  # it answers (503 while a component is missing is fine)
            except OSError:
                return False
            return True

        wait_until(ready, timeout=60, interval=0.3, what=f"the ASGI server on {self.port}")
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

    def rss_kb(self) -> int:
        """Resident memory of the server process, in KiB (Linux)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")


# The name the browser journey imports (tests/browser/test_chat.py).
DaphneServer = AsgiServer
