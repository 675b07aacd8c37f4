"""Two real daphne processes, a real Redis and real WebSocket clients.

The servers run `terreau.asgi` against the pytest PostgreSQL test database
(same NAME, committed data: transactional tests) and a private redis-server
started here on its own port, so stopping it never disturbs the shared one.
"""

import asyncio
import shutil
import urllib.parse

import pytest
from django.db import connection
from django.test import Client

from communities.discussions import services
from communities.discussions.models import Message
from tests.conftest import service_missing

from tests.processes import REDIS_SERVER, RedisServer

from .servers import DaphneServer

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


def test_a_client_on_one_server_receives_what_is_sent_through_the_other(
    daphnes, layer_on_private_redis, people, general
):
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
        # A third process (this one) removes Bob: his socket on server 2 closes.
        await asyncio.to_thread(remove_member, people["engaged"], people["gardener"], general)
        await eventually(lambda: bob.closed_code == 4403, what="Bob's socket closing")
        await alice.stop()
        await bob.stop()
        return first, second

    first, second = asyncio.run(scenario())
    assert bob.shown[first]["body"] == "Bonjour depuis le serveur 1"
    assert alice.shown[second]["body"] == "Et bonjour depuis le serveur 2"
    assert alice.ids() == bob.ids() == list(Message.objects.order_by("id").values_list("id", flat=True))
    assert alice.received == bob.received == 2  # once each, no duplicate


def remove_member(user, actor, channel):
    from django.db import connection, transaction

    from communities.services import membership_remove

    try:
        with transaction.atomic():
            membership_remove(community=channel.community, user=user, actor=actor, reason="Départ")
    finally:
        connection.close()


def post_directly(channel, author, body) -> int:
    """Post from a third process's point of view: the service, in a worker thread."""
    from django.db import connection

    try:
        return services.message_post(channel=channel, author=author, body=body).pk
    finally:
        connection.close()


@pytest.fixture
def layer_on_private_redis(settings, private_redis):
    """This test process broadcasts through the private Redis too."""
    from channels.layers import channel_layers

    from .realtime import layer_config

    settings.CHANNEL_LAYERS = layer_config("redis", private_redis.url, private=True)
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def test_redis_restart_loses_nothing_and_duplicates_nothing(
    daphnes, private_redis, layer_on_private_redis, people, general
):
    one, two = daphnes
    members = [
        client_for(one, people["citizen"], general),
        client_for(two, people["informed"], general),
        client_for(two, people["engaged"], general),
        client_for(one, people["gardener"], general),
    ]
    posted = []

    async def scenario():
        for member in members:
            member.start()
        await eventually(lambda: all(m.connected.is_set() for m in members), what="connections")
        # A conversation across both servers.
        for n, member in enumerate(members * 2):
            posted.append(await post_over_socket(member, f"avant {n}"))
        await eventually(lambda: all(set(posted) <= set(m.shown) for m in members), what="before")

        # Redis goes away; messages are still stored (their broadcast fails).
        private_redis.stop()
        for n in range(4):
            posted.append(await asyncio.to_thread(post_directly, general, people["staff"], f"pendant {n}"))

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
        # The outage was felt and repaired: the member reconnected and resynced,
        # or (the pub/sub layer resubscribes by itself) noticed the gap and synced.
        assert member.connections >= 2 or member.gap_syncs >= 1, member.name
