"""Two real daphne processes, a real Redis and real WebSocket clients.

The servers run `terreau.asgi` against the pytest PostgreSQL test database
(same NAME, committed data: transactional tests) and a private redis-server
started here on its own port, so stopping it never disturbs the shared one.
"""

import asyncio
import re
import shutil
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.db import connection
from django.test import Client

from communities.discussions import services
from communities.discussions.models import Message
from tests.conftest import service_missing

from .servers import REDIS_SERVER, DaphneServer, RedisServer, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


@pytest.fixture
def database_url(postgres):
    s = connection.settings_dict
    user = urllib.parse.quote(s["USER"] or "postgres")
    password = f":{urllib.parse.quote(s['PASSWORD'])}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def private_redis():
    if not shutil.which(REDIS_SERVER):
        service_missing(f"redis-server is not installed ({REDIS_SERVER})")
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def daphnes(database_url, private_redis, tmp_path):
    servers = []
    try:
        for n in (1, 2):
            log = open(tmp_path / f"daphne-{n}.log", "w")  # noqa: SIM115 -- closed below
            servers.append(
                DaphneServer(database_url=database_url, redis_url=private_redis.url, log=log).start()
            )
        yield servers
    finally:
        for server in servers:
            server.stop()
            server.log.close()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def client_for(server, user, channel):
    from .wsclient import ChatClient

    return ChatClient(
        f"{server.ws_url}/ws/channels/{channel.pk}/",
        cookie=session_cookie(user),
        origin=server.http_url,
        name=str(user),
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_post(server, cookie: str, channel, body: str) -> int:
    """Post through the no-JavaScript form of one server; return the new id."""
    path = f"/communities/{channel.community.slug}/channels/{channel.pk}/"
    opener = urllib.request.build_opener(NoRedirect)
    page = opener.open(urllib.request.Request(server.http_url + path, headers={"Cookie": cookie}))
    html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    jar = SimpleCookie()
    for header in page.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    csrf = jar["csrftoken"].value
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "body": body}).encode()
    request = urllib.request.Request(
        server.http_url + path, data=data, headers={"Cookie": f"{cookie}; csrftoken={csrf}"}
    )
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302, redirect.read()[:2000]
        return int(redirect.headers["Location"].rsplit("#message-", 1)[1])
    raise AssertionError("the form did not redirect")


async def eventually(predicate, timeout=30.0, what="condition"):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def post_over_socket(client, body) -> int:
    ref = f"ref-{len(client.acks)}-{body}"
    assert await client.send({"type": "post", "body": body, "ref": ref})
    await eventually(lambda: ref in client.acks, what=f"ack of {body}")
    return client.acks[ref]


def test_a_client_on_one_server_receives_what_is_sent_through_the_other(daphnes, people, general):
    one, two = daphnes
    alice = client_for(one, people["citizen"], general)
    bob = client_for(two, people["engaged"], general)

    async def scenario():
        alice.start()
        bob.start()
        await eventually(lambda: alice.connected.is_set() and bob.connected.is_set(), what="connections")
        first = await post_over_socket(alice, "Bonjour depuis le serveur 1")
        await eventually(lambda: first in bob.shown, what="server 2 receiving")
        second = await post_over_socket(bob, "Et bonjour depuis le serveur 2")
        await eventually(lambda: second in alice.shown, what="server 1 receiving")
        await alice.stop()
        await bob.stop()
        return first, second

    first, second = asyncio.run(scenario())
    assert bob.shown[first]["body"] == "Bonjour depuis le serveur 1"
    assert alice.shown[second]["body"] == "Et bonjour depuis le serveur 2"
    assert alice.ids() == bob.ids() == list(Message.objects.order_by("id").values_list("id", flat=True))
    assert alice.received == bob.received == 2  # once each, no duplicate


def test_redis_restart_loses_nothing_and_duplicates_nothing(daphnes, private_redis, people, general):
    one, two = daphnes
    members = [
        client_for(one, people["citizen"], general),
        client_for(two, people["informed"], general),
        client_for(two, people["engaged"], general),
        client_for(one, people["gardener"], general),
    ]
    writer_cookie = session_cookie(people["staff"])
    posted = []

    async def scenario():
        for member in members:
            member.start()
        await eventually(lambda: all(m.connected.is_set() for m in members), what="connections")
        # A conversation across both servers.
        for n, member in enumerate(members * 2):
            posted.append(await post_over_socket(member, f"avant {n}"))
        await eventually(lambda: all(set(posted) <= set(m.shown) for m in members), what="before")

        # Redis goes away; the conversation goes on through the plain form.
        private_redis.stop()
        for n in range(4):
            server = daphnes[n % 2]
            posted.append(await asyncio.to_thread(http_post, server, writer_cookie, general, f"pendant {n}"))

        private_redis.start()
        await eventually(lambda: all(m.connected.is_set() for m in members), what="reconnections")
        for n, member in enumerate(members):
            posted.append(await post_over_socket(member, f"après {n}"))
        await eventually(
            lambda: all(set(posted) <= set(m.shown) for m in members), timeout=60, what="everything"
        )
        for member in members:
            await member.stop()

    asyncio.run(scenario())
    stored = list(Message.objects.order_by("id").values_list("id", flat=True))
    assert sorted(posted) == stored and len(stored) == 16
    for member in members:
        assert member.ids() == stored, member.name
        assert member.errors == []
        # The restart really cut the sockets: each member came back and resynced.
        assert member.connections >= 2, member.name
