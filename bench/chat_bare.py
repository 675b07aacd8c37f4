"""The second baseline of bench/chat.py: a bare Channels consumer.

Issue 14 measures the discussions against "a bare Channels consumer": the
tutorial's chat, nothing else. Each socket joins one group of the same
channel layer production runs (Redis pub/sub), every {"type": "post"} frame
is sent to the group, and every group message is written to the socket. No
session, no user, no database, no permission, no rendering; served by the
same uvicorn options as the discussions (tests/discussions/servers.py).

    uvicorn chat_bare:application   (with bench/ on PYTHONPATH and REDIS_URL set)
"""

import json
import os

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        INSTALLED_APPS=["channels"],
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
            }
        },
        SECRET_KEY="bench",  # noqa: S106 (a benchmark process, nothing signed)
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "chat-bare"


class BareConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        self.received = 0
        await self.accept()
        await self.send(json.dumps({"type": "hello"}))

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        frame = json.loads(text_data)
        if frame.get("type") == "post":
            await self.channel_layer.group_send(GROUP, {"type": "chat.message", "body": frame["body"]})

    async def chat_message(self, event):
        self.received += 1
        await self.send(json.dumps({"type": "message", "message": {"id": self.received, "body": event["body"]}}))


application = ProtocolTypeRouter({"websocket": URLRouter([path("", BareConsumer.as_asgi())])})
