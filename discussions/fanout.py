"""One subscription per process and channel group, fanned out to local sockets.

Channels delivers a group message to every socket through that socket's own
queue and task: with 250 sockets on a process, each message wakes 250 tasks
that each wait, dispatch and re-enter Channels' machinery (about 120 µs of
CPU per delivery in bench/chat.py, six times a minimal `websockets` server).

Here a process subscribes once per group (a layer channel of its own, added
to the group like a socket would be) and hands each event to the local
sockets itself. The groups are a discussion channel's and a person's own
(`discussions.user.<id>`: membership changes, mentions), so a socket has no
layer channel, queue or subscription of its own (consumers.py):
- a plain `message.changed` carries its frame already serialised (broadcast.py
  serialises once per message): each socket gets that text as is, in one
  short task per socket, so a slow reader never holds the others back;
- the other pure relays (a hidden message trimmed per reader, typing,
  presence, a mention) call the socket's handler the same way; they never
  touch the database;
- anything else (`channel.changed`, `membership.changed`, which re-check
  permissions in the database) goes to the socket's `in_turn`, handled one
  at a time with its commands, as when each socket had its own queue.

Works with any layer that has groups (in memory, Redis pub/sub, Redis lists).
Events must name their group (`broadcast._asend` adds it). One relay per event
loop and layer object, so tests that swap layers or loops get a fresh one.
"""

from __future__ import annotations

import asyncio
import logging
import weakref

logger = logging.getLogger(__name__)

# Events a socket handles without the database, straight from the relay.
PURE = frozenset({"message.changed", "typing", "presence", "mention.created"})

_relays: dict = {}


class Relay:
    def __init__(self, layer):
        self.layer = layer
        self.name = None
        self.members: dict[str, weakref.WeakSet] = {}
        self.task = None
        self.ready = asyncio.Lock()

    def dead(self, loop) -> bool:
        return self.task is not None and (self.task.done() or self.task.get_loop() is not loop)

    async def start(self):
        async with self.ready:
            if self.name is None:
                self.name = await self.layer.new_channel(prefix="discussions.relay.")
                self.task = asyncio.get_running_loop().create_task(self.run())

    async def join(self, group: str, consumer) -> None:
        await self.start()
        first = group not in self.members
        self.members.setdefault(group, weakref.WeakSet()).add(consumer)
        if first:
            await self.layer.group_add(group, self.name)

    async def renew(self, group: str) -> None:
        """Re-add the subscription (a restarted Redis forgot it; group expiry)."""
        if self.name is not None and group in self.members:
            await self.layer.group_add(group, self.name)

    async def leave(self, group: str, consumer) -> None:
        members = self.members.get(group)
        if members is None:
            return
        members.discard(consumer)
        if not members:
            del self.members[group]
            await self.layer.group_discard(group, self.name)

    async def run(self):
        while True:
            try:
                event = await self.layer.receive(self.name)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 -- Redis away: the layer reconnects
                logger.warning("relay receive failed", exc_info=True)
                await asyncio.sleep(1)
                continue
            try:
                await self.fan_out(event)
            except Exception:  # noqa: BLE001 -- one bad event must not stop the relay
                logger.exception("relay fan-out failed")

    async def fan_out(self, event: dict) -> None:
        members = self.members.get(event.get("group"))
        if not members:
            return
        loop = asyncio.get_running_loop()
        kind = event["type"]
        if kind == "message.changed" and not event.get("hidden"):
            frame = {"type": "websocket.send", "text": event["text"]}
            for consumer in list(members):
                loop.create_task(consumer.forward(frame))
        elif kind in PURE:
            for consumer in list(members):
                loop.create_task(consumer.relay_event(event))
        else:
            for consumer in list(members):
                loop.create_task(consumer.in_turn(event))


def relay_for(layer) -> Relay:
    """This event loop's relay on this layer."""
    loop = asyncio.get_running_loop()
    key = (id(loop), id(layer))
    relay = _relays.get(key)
    if relay is None or relay.layer is not layer or relay.dead(loop):
        for stale in [k for k, r in _relays.items() if r.dead(loop)]:
            del _relays[stale]
        relay = _relays[key] = Relay(layer)
    return relay
