"""The relay (discussions/fanout.py): one subscription per process
and channel, fanned out to the local sockets; a stuck reader holds nobody back."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer

from discussions import broadcast
from discussions.fanout import relay_for

from .realtime import layer_config, open_socket, receive, send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def memory_layer(settings):
    settings.CHANNEL_LAYERS = layer_config("memory")
    channel_layers.backends.clear()
    yield get_channel_layer()
    channel_layers.backends.clear()


def group_members(layer, group):
    return set(layer.groups.get(group, {}))


async def eventually(predicate, timeout=5.0, what="condition"):
    """Wait for what the test expects, at most `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def test_one_subscription_per_process_whatever_the_number_of_sockets(memory_layer, people, general):
    group = broadcast.channel_group(general.pk)

    async def scenario():
        sockets = [
            await open_socket(people[role], general.pk) for role in ("citizen", "informed", "engaged")
        ]
        relay = relay_for(memory_layer)
        # The channel's group holds the relay only, not each socket.
        assert group_members(memory_layer, group) == {relay.name}
        assert len(relay.members[group]) == 3
        await send(sockets[0], {"type": "post", "body": "Une fois, pour tous", "ref": 1})
        posted = await receive(sockets[0], "posted")
        for socket in sockets:
            assert (await receive(socket, "message"))["message"]["id"] == posted["id"]

        await sockets[0].disconnect()
        await sockets[1].disconnect()
        await eventually(lambda: len(relay.members.get(group, ())) == 1, what="two sockets gone")
        assert group_members(memory_layer, group) == {relay.name}
        await send(sockets[2], {"type": "post", "body": "Encore là", "ref": 2})
        assert (await receive(sockets[2], "message"))["message"]["body"] == "Encore là"

        # The last socket leaves: so does the process's subscription.
        await sockets[2].disconnect()
        await eventually(lambda: not group_members(memory_layer, group), what="the unsubscription")
        assert group not in relay.members

    async_to_sync(scenario)()


def test_a_reader_that_never_drains_holds_nobody_back(memory_layer, people, general):
    group = broadcast.channel_group(general.pk)

    async def scenario():
        stuck = await open_socket(people["informed"], general.pk)
        alice = await open_socket(people["citizen"], general.pk)
        relay = relay_for(memory_layer)
        never = asyncio.Event()

        async def blocked_send(frame):
            await never.wait()  # a phone that stopped reading: its buffer is full

        (consumer,) = [c for c in relay.members[group] if c.user.pk == people["informed"].pk]
        consumer.raw_send = blocked_send
        for n in range(3):
            await send(alice, {"type": "post", "body": f"message {n}", "ref": n})
            posted = await receive(alice, "posted")
            assert (await receive(alice, "message", timeout=2))["message"]["id"] == posted["id"]
        never.set()
        await alice.disconnect()
        await stuck.disconnect()

    async_to_sync(scenario)()


def test_hidden_messages_are_still_trimmed_per_reader_through_the_relay(memory_layer, people, general):
    from discussions import services

    async def scenario():
        from asgiref.sync import sync_to_async

        author = await open_socket(people["citizen"], general.pk)
        reader = await open_socket(people["engaged"], general.pk)
        gardener = await open_socket(people["gardener"], general.pk)
        await send(author, {"type": "post", "body": "Propos déplacé", "ref": 1})
        posted = await receive(author, "posted")
        for socket in (author, reader, gardener):
            await receive(socket, "message")
        await sync_to_async(hide)(posted["id"])
        assert (await receive(author, "message"))["message"]["body"] == "Propos déplacé"
        assert (await receive(gardener, "message"))["message"]["body"] == "Propos déplacé"
        hidden = (await receive(reader, "message"))["message"]
        assert hidden["hidden"] and "Propos déplacé" not in str(hidden)
        for socket in (author, reader, gardener):
            await socket.disconnect()

    def hide(message_id):
        from discussions.models import Message

        services.message_hide(
            message=Message.objects.get(pk=message_id), actor=people["gardener"], reason="Hors sujet"
        )

    async_to_sync(scenario)()
