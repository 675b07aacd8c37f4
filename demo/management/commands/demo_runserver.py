"""`make run`'s server: runserver (Daphne: HTTP and WebSockets), quiet.

Instead of runserver's start-up text it prints one short banner once the
server listens: its address, the demo accounts with their roles and
password, how to get the second-factor code, where e-mails land. Each
request is then one compact line ("12:04:31 GET /communities/ 200 35 ms");
static files and media are left out unless they fail. After a code change
the autoreloader restarts it, and it says so in one line.
"""

from __future__ import annotations

import io
import os
import time
from functools import partial
from pathlib import Path

from daphne.management.commands.runserver import Command as DaphneRunserver
from django.conf import settings
from django.core.management.base import OutputWrapper
from django.urls import reverse

from demo import showcase

QUIET_PREFIXES = ("/static/", "/media/", "/favicon.ico")


class Command(DaphneRunserver):
    help = (
        "Serve like runserver, then print the demo's banner (address, accounts, password, "
        "second factor, e-mails) and one compact line per request."
    )

    def inner_run(self, *args, **options):
        if not options.get("use_asgi", True):
            return super().inner_run(*args, **options)
        self.terminal = self.stdout
        banner = self.banner()
        # runserver's own start-up text is replaced by the banner, printed
        # once the server listens (Daphne's ready callback).
        self.stdout = OutputWrapper(io.StringIO())
        self.server_cls = partial(DaphneRunserver.server_cls,
                                  ready_callable=lambda: self.terminal.write(banner))
        try:
            return super().inner_run(*args, **options)
        finally:
            self.stdout = self.terminal

    # --- the banner ----------------------------------------------------------------------

    def address(self) -> str:
        host = f"[{self.addr}]" if self._raw_ipv6 else self.addr
        if host in ("0.0.0.0", "[::]"):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}"

    def banner(self) -> str:
        url = self.address()
        if _restarted():
            return f"Reloaded after a change: {url}/"
        accounts = showcase.showcase_accounts()
        coded = showcase.with_second_factor(a["email"] for a in accounts)
        width = max(len(a["email"]) for a in accounts) + 2
        outbox = Path(settings.OUTBOX_DIR)
        try:
            outbox = outbox.relative_to(settings.BASE_DIR)
        except ValueError:
            pass
        rule = "─" * 72
        lines = [
            rule,
            f"Terreau is ready: {url}/",
            "",
            f"Demo accounts (password: {showcase.DEMO_PASSWORD})",
            *(f"  {a['email']:<{width}}{a['role']}{'  *' if a['email'] in coded else ''}"
              for a in accounts),
            "  * second factor: the code an authenticator app shows for the secret",
            f"    {showcase.DEMO_TOTP_SECRET}, or .venv/bin/python manage.py demo_second_factor",
            "",
            f"E-mails: {url}{reverse('outbox')}  (files in {outbox}/)",
            f"Wagtail admin: {url}/cms/   Stop: Ctrl-C",
            rule,
        ]
        return "\n".join(lines)

    # --- the request log -----------------------------------------------------------------

    def log_action(self, protocol, action, details):
        line = request_line(protocol, action, details)
        if line:
            writer = getattr(self, "terminal", self.stdout)
            status = details.get("status", 200)
            style = (self.style.HTTP_SUCCESS if status < 300 else self.style.HTTP_REDIRECT
                     if status < 400 else self.style.HTTP_BAD_REQUEST if status < 500
                     else self.style.HTTP_SERVER_ERROR)
            writer.write(style(line))


def request_line(protocol: str, action: str, details: dict) -> str:
    """One line per request ("" for what is left out): time, method, path, status, duration."""
    now = time.strftime("%H:%M:%S")
    if protocol == "http" and action == "complete":
        path, status = details["path"], details["status"]
        if status < 400 and path.startswith(QUIET_PREFIXES):
            return ""
        return f"{now} {details['method']} {path} {status} {details['time_taken'] * 1000:.0f} ms"
    if protocol == "websocket" and action in ("connected", "disconnected", "rejected"):
        return f"{now} WS {details['path']} {action}"
    return ""


def _restarted() -> bool:
    """True when the autoreloader restarted the server after a change: the
    reloading parent process outlives each child, so it marks its own id."""
    if os.environ.get("RUN_MAIN") != "true":
        return False
    marker = Path(settings.BASE_DIR) / "var" / f".runserver-{os.getppid()}"
    if marker.exists():
        return True
    marker.parent.mkdir(parents=True, exist_ok=True)
    for old in marker.parent.glob(".runserver-*"):
        old.unlink(missing_ok=True)
    marker.touch()
    return False
