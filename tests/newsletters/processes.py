"""Real processes for the sending tests and the benchmark: an SMTP sink that
counts and a Celery worker (the private Redis is in tests/processes.py).

The SMTP sink (aiosmtpd, in a thread) records each accepted message by
recipient and Message-ID. It can be frozen: every DATA command then waits
for its answer. A client killed while waiting never got "250 OK", so the
message was never accepted (RFC 5321 §6.1) and the sink does not count it:
aiosmtpd cancels the handler when the connection drops.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from email import message_from_bytes
from pathlib import Path

from tests.processes import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.accepted: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.contents: list[bytes] = []  # each accepted message, as received
        self.lock = threading.Lock()
        self.freeze_after: int | None = None
        self.frozen = False
        self.held = 0
        self.controller = None

    # --- aiosmtpd handler -------------------------------------------------------
    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.freeze_after is not None and len(self.accepted) >= self.freeze_after:
                self.frozen = True
            self.held += 1
        try:
            while self.frozen:
                await asyncio.sleep(0.01)
        finally:
            with self.lock:
                self.held -= 1
        message_id = message_from_bytes(envelope.content).get("Message-ID", "")
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.accepted.append((recipient.lower(), message_id))
            self.contents.append(envelope.original_content)
        return "250 OK"

    # --- control ------------------------------------------------------------------
    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        self.frozen = False
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def freeze_at(self, count: int):
        self.freeze_after = count

    def thaw(self):
        self.freeze_after = None
        self.frozen = False

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def per_recipient(self) -> Counter:
        with self.lock:
            return Counter(recipient for recipient, _ in self.accepted)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message_id for _, message_id in self.accepted]

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


class ScriptedSmtp(SmtpSink):
    """An SMTP sink that answers given recipients with given replies: at RCPT
    (`at_rcpt`, the recipient is refused) or after DATA (`at_data`, the
    message is refused). Keys are addresses as the client sends them in
    RCPT TO (lower case); values are whole reply lines, e.g. "450 Try later".
    `at_quit` is the reply to QUIT. `seen` lists every RCPT address,
    accepted or not, in order."""

    def __init__(self, port: int | None = None):
        super().__init__(port)
        self.at_rcpt: dict[str, str] = {}
        self.at_data: dict[str, str] = {}
        self.seen: list[str] = []
        self.senders: list[str] = []  # MAIL FROM of each accepted message
        self.at_quit = "221 Bye"
        # before_data(recipients): run (in a worker thread, so it may use the
        # ORM) before the server answers a message's DATA; the client waits.
        self.before_data = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.seen.append(address)
        reply = self.at_rcpt.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        return self.at_quit

    async def handle_DATA(self, server, session, envelope):
        if self.before_data is not None:
            await asyncio.get_running_loop().run_in_executor(
                None, self.before_data, list(envelope.rcpt_tos))
        for recipient in envelope.rcpt_tos:
            reply = self.at_data.get(recipient.lower())
            if reply:
                return reply
        with self.lock:
            self.senders.append(envelope.mail_from)
        return await super().handle_DATA(server, session, envelope)


class CeleryWorker:
    """`celery -A terreau worker -B` in its own process group (kill -9 takes
    the pool's children and the embedded beat with it)."""

    def __init__(self, *, env: dict, log_path: Path, concurrency: int = 2):
        self.env = {**os.environ, **env, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.log_path = log_path
        self.concurrency = concurrency
        self.process = None
        self.runs = 0

    def start(self) -> CeleryWorker:
        self.runs += 1
        schedule = self.log_path.with_suffix(f".beat{self.runs}")
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()/kill()
        self.log.write(f"\n===== worker run {self.runs} =====\n")
        self.log.flush()
        offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [CELERY, "-A", "terreau", "worker", "-B", "-s", str(schedule),
             "--pool=prefork", f"--concurrency={self.concurrency}", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "-n", f"newsletters{self.runs}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.tail()}")
            with open(self.log_path) as log:
                log.seek(offset)
                return " ready." in log.read()

        wait_until(ready, timeout=60, interval=0.2, what="the celery worker")
        return self

    def restart_if_exited(self) -> bool:
        """What a process supervisor (systemd's Restart=always) does."""
        if self.process is not None and self.process.poll() is not None:
            self.process = None
            self.log.close()
            self.start()
            return True
        return False

    def kill(self):
        """kill -9 the whole process group: no cleanup, no ack, nothing."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
            self.log.close()

    def stop(self):
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=10)
            self.process = None
            self.log.close()

    def tail(self, lines: int = 40) -> str:
        try:
            return "".join(self.log_path.read_text().splitlines(keepends=True)[-lines:])
        except OSError:
            return ""
