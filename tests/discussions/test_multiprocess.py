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

from discussions import services
from discussions.models import Message
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
        # Each client asks for what it missed right after "hello"; wait for that
        # answer so that the posts below are news to both.
        await eventually(lambda: alice.syncs and bob.syncs, what="the first syncs")
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
    # Each server relays each post once to each socket: no duplicate frame. (A
    # ping's answer may announce a post before its frame arrives and the sync it
    # triggers brings the post too; the client shows it once either way.)
    assert alice.live == bob.live == [first, second]
    assert alice.applied == sorted(set(alice.applied))
    assert bob.applied == sorted(set(bob.applied))


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


def _state(message) -> tuple:
    return (message["body"], message["edited"], message["deleted"], message["hidden"])


def stored_states(channel) -> dict:
    """What the database holds, as a reader who is not a moderator sees it."""
    from django.db import connection

    try:
        return {
            m.pk: (m.body if m.hidden_at is None else "", m.edited_at is not None,
                   m.deleted_at is not None, m.hidden_at is not None)
            for m in Message.objects.filter(channel=channel)
        }
    finally:
        connection.close()


def hide_directly(message_id, actor) -> None:
    from django.db import connection

    try:
        services.message_hide(message=Message.objects.get(pk=message_id), actor=actor, reason="Hors sujet")
    finally:
        connection.close()


def test_a_reader_who_stays_connected_recovers_every_change_of_a_redis_outage(
    daphnes, private_redis, layer_on_private_redis, people, general
):
    """Posts, edits, deletes and a hide made while Redis is down reach a reader
    whose socket never closes: its heartbeat (ping, then pong's change number)
    or the first frame after the outage shows a gap, and one sync from the
    database fills it. Each change is shown once, in increasing order."""
    one, two = daphnes
    reader = client_for(one, people["citizen"], general)
    writer = client_for(two, people["engaged"], general)

    async def until_stored(predicate, what):
        async def check():
            return predicate(await asyncio.to_thread(stored_states, general))

        deadline = asyncio.get_running_loop().time() + 30
        while not await check():
            assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
            await asyncio.sleep(0.05)

    async def scenario():
        reader.start()
        writer.start()
        await eventually(lambda: reader.connected.is_set() and writer.connected.is_set(), what="connections")
        before = [await post_over_socket(writer, f"avant {n}") for n in range(3)]
        await eventually(lambda: set(before) <= set(reader.shown), what="the reader before")
        shown_before = list(reader.applied)

        private_redis.stop()
        during = [await post_over_socket(writer, f"pendant {n}") for n in range(3)]
        # Edits and deletes through the writer's server: no acknowledgement
        # frame, so wait for the database (their broadcasts go nowhere).
        for frame in (
            {"type": "edit", "id": before[0], "body": "avant 0, corrigé"},
            {"type": "delete", "id": before[1]},
            {"type": "edit", "id": during[0], "body": "pendant 0, corrigé"},
            {"type": "delete", "id": during[2]},
        ):
            assert await writer.send(frame)
        await until_stored(
            lambda s: s[before[0]][1] and s[before[1]][2] and s[during[0]][1] and s[during[2]][2],
            "the edits and deletes",
        )
        # A gardener hides a message from a third process.
        await asyncio.to_thread(hide_directly, before[2], people["gardener"])

        private_redis.start()
        after = await post_over_socket(writer, "après")
        await until_stored(lambda s: after in s, "the last post")
        expected = await asyncio.to_thread(stored_states, general)
        await eventually(
            lambda: {pk: _state(m) for pk, m in reader.shown.items()} == expected,
            timeout=60,
            what="the reader to hold what is stored",
        )
        await reader.stop()
        await writer.stop()
        return shown_before, before, during, after

    shown_before, before, during, after = asyncio.run(scenario())
    general.refresh_from_db()
    final = dict(Message.objects.filter(channel=general).values_list("id", "seq"))
    # The reader never left the page nor reconnected: the resync did it all.
    assert reader.connections == 1 and reader.reloads == 0 and reader.errors == []
    assert reader.gap_syncs >= 1
    # Each change shown once, in the channel's order; every message at its
    # last change, the channel's last number reached.
    assert reader.applied == sorted(set(reader.applied))
    assert reader.applied[: len(shown_before)] == shown_before == [1, 2, 3]
    assert set(final.values()) <= set(reader.applied)
    assert reader.last_seq == general.last_seq == max(final.values())
    assert {reader.shown[pk]["seq"] for pk in final} == set(final.values())
    # 3 posts, then 3 posts, 2 edits, 2 deletes and a hide, then 1 post.
    assert general.last_seq == 12
    assert _state(reader.shown[before[0]]) == ("avant 0, corrigé", True, False, False)
    assert reader.shown[before[1]]["deleted"] and reader.shown[during[2]]["deleted"]
    assert reader.shown[before[2]]["hidden"] and reader.shown[before[2]]["body"] == ""
    assert _state(reader.shown[during[0]]) == ("pendant 0, corrigé", True, False, False)
    assert reader.shown[after]["body"] == "après"
