"""Helpers for WebSocket tests: sign a user in, connect through the real router."""

import json
import uuid

from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

ORIGIN = (b"origin", b"http://localhost")


def run(scenario):
    """Run an async scenario from a synchronous test."""
    async_to_sync(scenario)()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def open_socket(user, channel_id, *, connected=True, accept_language=None, client=None):
    """A communicator on ws/channels/<id>/ through terreau.asgi's router, in
    a session of its own, or in the session of `client` (signed in)."""
    from terreau.asgi import application

    headers = [ORIGIN]
    if accept_language:
        headers.append((b"accept-language", accept_language.encode()))
    if client is not None:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    elif user is not None and user.is_authenticated:
        cookie = await sync_to_async(session_cookie)(user)
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, f"/ws/channels/{channel_id}/", headers=headers)
    ok, _ = await communicator.connect()
    assert ok
    if connected:
        hello = await receive(communicator, "hello")
        assert hello["channel"]["id"] == channel_id
    return communicator


async def receive(communicator, wanted, timeout=5):
    """The next frame of type `wanted`.

    Presence and typing chatter is dropped; other frames that arrive first
    (a "posted" acknowledgement racing its broadcast) are kept for later.
    """
    stash = communicator.__dict__.setdefault("stash", [])
    for frame in stash:
        if frame["type"] == wanted:
            stash.remove(frame)
            return frame
    while True:
        frame = json.loads(await communicator.receive_from(timeout=timeout))
        if frame["type"] == wanted:
            return frame
        if frame["type"] not in {"presence", "typing"}:
            stash.append(frame)


async def closed_with(communicator, timeout=5):
    """The close code of a socket the server closes (skipping frames before it)."""
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output.get("code")


async def send(communicator, frame):
    await communicator.send_to(text_data=json.dumps(frame))


def layer_config(kind: str, redis_url: str | None = None, *, private: bool = False) -> dict:
    """The in-memory layer, or the production Redis layer.

    On the shared Redis a random prefix keeps concurrent test runs apart; on
    a private Redis the servers' prefix (the test settings') is used so they
    hear us.
    """
    if kind == "memory":
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    config = {"hosts": [redis_url]}
    if private:
        config["prefix"] = settings.CHANNEL_LAYER_PREFIX
    else:
        config["prefix"] = f"test-{uuid.uuid4().hex[:8]}"
    return {
        "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": config}
    }
