"""Every WebSocket command answers each role as tests/access/matrix.py declares.

For each channel of the world and each role, a socket is opened through
terreau.asgi's router with the role's session: refused (4403), or every
command of frames.SCHEMAS is sent in turn, each followed by a ping, and the
answer is the error frame's code if one came before the pong, else "ok".
Each role's commands are rolled back before the next role's. No frame a
role receives may carry a secret outside its audience (matrix.MARKERS).
"""

import json

import channels.db
import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from django.db import transaction

from discussions.frames import SCHEMAS

from ..discussions.realtime import open_socket, send
from . import matrix

pytestmark = pytest.mark.django_db

# The message each channel's edit, delete and read name.
MESSAGE_OF = {
    "general": "informed_message",
    "engaged_channel": "engaged_message",
    "group_channel": "group_message",
    "council_channel": "council_message",
}
# The secret each channel holds.
SECRET_OF = {
    "general": "hidden_message",
    "engaged_channel": "engaged_message",
    "group_channel": "group_message",
    "council_channel": "council_message",
}


def frame(command: str, message_id: int) -> dict:
    return {
        "post": {"type": "post", "body": "Bonjour", "ref": "r1"},
        "edit": {"type": "edit", "id": message_id, "body": "Bonjour, corrigé"},
        "delete": {"type": "delete", "id": message_id},
        "sync": {"type": "sync", "after": 0},
        "read": {"type": "read", "id": message_id},
        "typing": {"type": "typing"},
        "ping": {"type": "ping"},
    }[command]


async def answer(socket, command: str, message_id: int, seen: list[str]) -> str:
    """The error code the command got before the next pong, or "ok"."""
    await send(socket, frame(command, message_id))
    if command != "ping":
        await send(socket, {"type": "ping"})
    got = "ok"
    while True:
        output = await socket.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            return str(output.get("code"))
        seen.append(output["text"])
        data = json.loads(output["text"])
        if data["type"] == "error":
            got = data["code"]
        if data["type"] == "pong":
            return got


# (channel, role) -> (answers per command, every frame the role received)
RUNS: dict[tuple[str, str], tuple[dict[str, str], str]] = {}


def run(world, channel: str, role: str) -> tuple[dict[str, str], str]:
    """Each command in turn on `channel` as `role`, once per test session."""
    if (channel, role) in RUNS:
        return RUNS[channel, role]
    message_id = world.ids[MESSAGE_OF[channel]]

    async def scenario():
        socket = await open_socket(world.people[role], world.ids[channel], connected=False)
        first = await socket.receive_output(timeout=5)
        seen = [first.get("text") or ""]
        if first["type"] == "websocket.close" or json.loads(seen[0])["type"] != "hello":
            await socket.disconnect()
            return dict.fromkeys(matrix.SOCKET_COMMANDS, "4403"), ""
        result = {}
        for command in matrix.SOCKET_COMMANDS:
            result[command] = await answer(socket, command, message_id, seen)
        await socket.disconnect()
        return result, "\n".join(seen)

    savepoint = transaction.savepoint()
    try:
        RUNS[channel, role] = async_to_sync(scenario)()
    finally:
        transaction.savepoint_rollback(savepoint)
    return RUNS[channel, role]


@pytest.fixture
def sockets(settings, monkeypatch):
    """The in-memory layer, and connections kept open: the consumer's database
    calls run on this thread, inside the world's transaction, which closing
    "old" connections between them would break."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    monkeypatch.setattr(channels.db, "close_old_connections", lambda: None)
    yield
    channel_layers.backends.clear()


def test_the_table_names_every_command():
    assert set(matrix.SOCKET_COMMANDS) == set(SCHEMAS)


@pytest.mark.parametrize("channel", list(matrix.SOCKET))
def test_each_role_gets_the_declared_answer_to_each_command(world, sockets, channel):
    wrong = []
    for index, role in enumerate(matrix.ROLES):
        got, _frames = run(world, channel, role)
        wrong += [
            f"{role} {command}: declared {table[index]}, got {got[command]}"
            for command, table in matrix.SOCKET[channel].items()
            if table[index] != got[command]
        ]

    assert not wrong, f"on {channel}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("channel", list(matrix.SOCKET))
def test_no_frame_carries_a_secret_outside_its_audience(world, sockets, channel):
    """hello (the channel's name), sync (every message since the first),
    posted, the broadcasts: what a socket tells each role."""
    found = []
    for role in matrix.ROLES:
        _answers, frames = run(world, channel, role)
        found += [
            f"{role}: {key} ({marker.text})"
            for key, marker in matrix.MARKERS.items()
            if role not in marker.audience and marker.text in frames.lower()
        ]

    assert not found, f"on {channel}:\n  " + "\n  ".join(found)
    # The frames read are the ones that carry the channel's secret to its audience.
    secret = matrix.MARKERS[SECRET_OF[channel]]
    assert any(secret.text in run(world, channel, role)[1] for role in secret.audience)
