"""The production topology as a whole (`make prod-local`, deploy/local.py).

nginx with TLS in front of two uvicorn processes on the production settings,
one Celery worker and one beat, PostgreSQL (the test database) and a private
Redis, mail to a real SMTP server in this process. Through nginx only:

- two members log in with the real form, open sockets that land on the two
  web processes, and each reads what the other posts;
- a member registers for an event: the seat is booked and the confirmation
  e-mail arrives, sent by the Celery worker;
- a letter is sent to its subscribers: each receives exactly one copy.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import urllib.parse
import urllib.request

import pytest
import websockets
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from communities.models import Circle
from deploy.local import Topology
from discussions import services as discussions
from events.models import Registration
from newsletters import services as letters
from newsletters import tasks as letter_tasks
from newsletters.models import Letter
from tests.discussions.test_multiprocess import database_url  # noqa: F401 (fixture)
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, UserFactory
from tests.newsletters.factories import LetterFactory, SectionFactory, subscribe
from tests.newsletters.processes import SmtpSink
from tests.processes import RedisServer, celery_producer, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

PASSWORD = "password"  # the factories' (tests/factories.py)


@pytest.fixture
def topology(database_url, redis_url, tmp_path):  # noqa: F811 -- redis_url: fail without Redis under CI
    redis = RedisServer().start()
    sink = SmtpSink().start()
    topology = Topology(
        database_url=database_url, redis_url=redis.url, email_url=sink.url,
        run_dir=tmp_path / "prod-local",
        env={"NEWSLETTER_SWEEP_SECONDS": "1", "LOG_LEVEL": "WARNING"},
    )
    try:
        yield topology.start(), redis, sink
    finally:
        topology.stop()
        sink.stop()
        redis.stop()


class Browser:
    """A person's HTTPS session through nginx: cookies, CSRF, the real forms."""

    def __init__(self, topology: Topology):
        self.topology = topology
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            urllib.request.HTTPSHandler(context=topology.ssl_context()),
        )

    def _cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)

    def get(self, path: str):
        with self.opener.open(self.topology.url + path, timeout=30) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict):
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._cookie("csrftoken")})
        request = urllib.request.Request(
            self.topology.url + path, data=body.encode(),
            headers={"Referer": self.topology.url + path, "Origin": self.topology.url},
        )
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode()

    def log_in(self, user) -> None:
        # The test settings hash with MD5, which production does not accept.
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, "prodlocalsalt", iterations=1000)
        user.save(update_fields=["password"])
        self.get(reverse("account_login"))
        status, url, page = self.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert status == 200 and not url.endswith(reverse("account_login")), page

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)


def test_chat_registration_and_letter_through_the_whole_topology(
        topology, community, pair, monkeypatch):
    topology, redis, sink = topology
    alice = MembershipFactory(community=community, circle=Circle.ENGAGED,
                              user=UserFactory(email="alice@example.org")).user
    bob = MembershipFactory(community=community, circle=Circle.INFORMED,
                            user=UserFactory(email="bob@example.org")).user
    channel = discussions.general_channel_ensure(community=community)
    event = EventFactory(community=community, capacity=10)
    browsers = {alice: Browser(topology), bob: Browser(topology)}
    for user, browser in browsers.items():
        browser.log_in(user)

    # A chat across the two web processes, through nginx.
    async def chat():
        url = topology.url.replace("https://", "wss://") + f"/ws/channels/{channel.pk}/"

        async def connect(user):
            return await websockets.connect(
                url, ssl=topology.ssl_context(), open_timeout=30,
                additional_headers={"Cookie": browsers[user].cookie_header(), "Origin": topology.url},
            )

        sockets = [await connect(alice)]
        # nginx balances round-robin: open sockets for Bob until one lands on
        # the other process (the process's name is in every answer's headers).
        while True:
            socket = await connect(bob)
            if socket.response.headers["x-terreau-web"] != sockets[0].response.headers["x-terreau-web"]:
                sockets.append(socket)
                break
            await socket.close()
        first, second = sockets

        async def frame_where(socket, condition):
            while True:
                frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=30))
                if condition(frame):
                    return frame

        async def said(socket, body):
            return await frame_where(socket, lambda frame: frame.get("type") == "message"
                                     and frame.get("message", frame).get("body") == body)

        # The consumer accepts the handshake, then joins the channel's group
        # and says "hello": a post sent before both hellos could miss a socket
        # (the browser asks for what it missed when it opens; this test does not).
        for socket in sockets:
            await frame_where(socket, lambda frame: frame.get("type") == "hello")

        await first.send(json.dumps({"type": "post", "body": "Bonjour du processus 1", "ref": "a"}))
        await said(second, "Bonjour du processus 1")
        await second.send(json.dumps({"type": "post", "body": "Et du processus 2", "ref": "b"}))
        await said(first, "Et du processus 2")
        for socket in sockets:
            await socket.close()
        return [s.response.headers["x-terreau-web"] for s in sockets]

    processes = asyncio.run(chat())
    assert sorted(processes) == ["1", "2"]

    # A registration: the seat is booked, the worker sends the confirmation.
    status, url, _page = browsers[bob].post(reverse("events:register", args=[event.pk]), {})
    assert status == 200 and url.endswith(event.get_absolute_url())
    registration = Registration.objects.get(event=event, user=bob)
    assert registration.is_confirmed
    wait_until(lambda: "bob@example.org" in sink.per_recipient(), timeout=60,
               what="the confirmation e-mail")

    # A letter to 30 subscribers, handed to the worker through the topology's Redis.
    letter = LetterFactory(community=community)
    SectionFactory(letter=letter, state="accepted", title="Fête des semences")
    readers = []
    for n in range(30):
        reader = MembershipFactory(community=community, circle=Circle.INFORMED,
                                   user=UserFactory(email=f"reader{n}@example.org")).user
        subscribe(reader, community)
        readers.append(reader.email)
    producer = celery_producer(redis.url)
    monkeypatch.setattr(letter_tasks.send_letter, "delay", lambda letter_id: producer.send_task(
        "newsletters.tasks.send_letter", args=[letter_id]))
    letters.letter_send_now(letter=letter, actor=pair.territory_gardener)
    wait_until(lambda: Letter.objects.get(pk=letter.pk).state == Letter.State.SENT,
               timeout=90, what="the letter to be sent")
    received = sink.per_recipient()
    assert all(received.get(email) == 1 for email in readers), received
