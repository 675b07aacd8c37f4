"""The mixed load's people, for locust (run by bench/mixed_load.py).

MIXED_LOAD_DATA names a JSON file that bench/mixed_load.py writes after
seeding: the addresses of the pages and one signed-in session per member.

- Visitor: the public (home, the community, the events, an event, the
  letters' archive), not signed in.
- Member: a signed-in member of the community: the community's home, its
  general channel's page, the notifications, the letters' archive and one
  letter, the events; registers to the rush event once (a seat or a place in
  line), then sometimes presses "Register" again (the duplicate's message).
- Chatter: a member with the general channel open over a WebSocket through
  nginx, posting now and then; the time from the frame sent to the server's
  "posted" acknowledgement (the message stored and fanned out) is reported as
  "WS post".
- HealthUser: /healthz alone (the baseline run, same number of users).

Each person waits MIXED_LOAD_WAIT_MIN to MIXED_LOAD_WAIT_MAX seconds between
actions (think time).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import secrets
import ssl
import time
from pathlib import Path

import websocket  # websocket-client: gevent-friendly once locust has patched the sockets
from locust import FastHttpUser, User, between, task

DATA = json.loads(Path(os.environ["MIXED_LOAD_DATA"]).read_text())
WAIT = between(float(os.environ.get("MIXED_LOAD_WAIT_MIN", "5")),
               float(os.environ.get("MIXED_LOAD_WAIT_MAX", "15")))
_sessions = itertools.cycle(DATA["sessions"])
_refs = itertools.count(1)


def _page(client, path: str, name: str) -> None:
    with client.get(path, name=name, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{response.status_code}")


class HealthUser(FastHttpUser):
    wait_time = WAIT

    @task
    def healthz(self):
        _page(self.client, "/healthz", "/healthz")


class Visitor(FastHttpUser):
    weight = 4
    wait_time = WAIT

    @task(3)
    def home(self):
        _page(self.client, "/", "home")

    @task(2)
    def community(self):
        _page(self.client, DATA["pages"]["community"], "community")

    @task(2)
    def events(self):
        _page(self.client, DATA["pages"]["events"], "events list")

    @task(1)
    def event(self):
        _page(self.client, DATA["pages"]["event"], "event")

    @task(1)
    def archive(self):
        _page(self.client, DATA["pages"]["archive"], "letters archive")

    @task(1)
    def healthz(self):
        _page(self.client, "/healthz", "/healthz")


class Member(FastHttpUser):
    weight = 5
    wait_time = WAIT

    def on_start(self):
        # Django accepts an unmasked 32-character token equal to the cookie's secret.
        self.csrf = secrets.token_hex(16)
        self.headers = {
            "Cookie": f"sessionid={next(_sessions)}; csrftoken={self.csrf}",
            "Accept-Language": random.choice(["fr", "en"]),
        }
        self.registered = False

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, headers=self.headers,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task(2)
    def community(self):
        self._get(DATA["pages"]["community"], "community (member)")

    @task(2)
    def channel(self):
        self._get(DATA["pages"]["channel"], "channel")

    @task(1)
    def notifications(self):
        self._get("/me/notifications/", "notifications")

    @task(1)
    def letters(self):
        self._get(DATA["pages"]["archive"], "letters archive (member)")
        self._get(DATA["pages"]["letter"], "a letter")

    @task(1)
    def events(self):
        self._get(DATA["pages"]["events"], "events list (member)")

    @task(2)
    def register(self):
        """The first time a seat or a place in line; then the duplicate's message."""
        name = "register (again)" if self.registered else "register"
        headers = {**self.headers, "Referer": DATA["url"] + DATA["pages"]["rush_event"],
                   "Origin": DATA["url"],
                   "Content-Type": "application/x-www-form-urlencoded"}
        with self.client.post(DATA["pages"]["register"], data=f"csrfmiddlewaretoken={self.csrf}",
                              headers=headers, name=name, allow_redirects=False,
                              catch_response=True) as response:
            # The registration answers with a redirect to the event page and its message.
            if response.status_code != 302:
                response.failure(f"{response.status_code}")
            else:
                self.registered = True


class Chatter(User):
    weight = 1
    wait_time = WAIT

    def on_start(self):
        self.socket = websocket.create_connection(
            DATA["ws_url"], cookie=f"sessionid={next(_sessions)}", origin=DATA["url"],
            sslopt={"cert_reqs": ssl.CERT_NONE}, timeout=30,
        )
        self._until(lambda frame: frame.get("type") == "hello")

    def on_stop(self):
        self.socket.close()

    def _until(self, wanted) -> dict:
        while True:
            frame = json.loads(self.socket.recv())
            if wanted(frame):
                return frame
            if frame.get("type") == "error":
                raise RuntimeError(frame)

    @task
    def post(self):
        ref = next(_refs)
        started = time.perf_counter()
        exception = None
        try:
            self.socket.send(json.dumps({"type": "post", "body": f"load {ref}", "ref": ref}))
            self._until(lambda frame: frame.get("type") == "posted" and frame.get("ref") == ref)
        except (OSError, ValueError, RuntimeError, websocket.WebSocketException) as error:
            exception = error
        self.environment.events.request.fire(
            request_type="WS", name="post", response_time=(time.perf_counter() - started) * 1000,
            response_length=0, exception=exception, context={},
        )
