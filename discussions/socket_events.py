"""What a chat socket does with the events broadcast.py sends, as they come
through the process's relay (fanout.py). A mixin of ChannelConsumer
(consumers.py), which owns the socket's state: its person, channel, rights,
session, and the lock that takes one command or re-check at a time.

Handlers are named after the event types. The pure relays (a ready frame, a
hidden message trimmed per reader, typing, presence, a mention) never touch
the database; the re-checks (`channel.changed`, `membership.changed`,
`sign_in.changed`) run in turn with the socket's commands.
"""

import logging

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from django.utils import translation

from accounts.sessions import signed_in

from .formatting import for_viewer

logger = logging.getLogger("discussions.consumers")

CLOSE_SIGNED_OUT = 4401


class BroadcastEvents:
    async def forward(self, frame: dict):
        """The relay's fast path: a ready frame, sent as is (fanout.py)."""
        try:
            await self.raw_send(frame)
        except Exception:  # noqa: BLE001 -- the socket is closing; disconnect cleans up
            pass

    async def relay_event(self, event: dict):
        """The relay's other pure events, handled without the database."""
        try:
            await getattr(self, get_handler_name(event))(event)
        except Exception:  # noqa: BLE001 -- the socket is closing; disconnect cleans up
            pass

    async def in_turn(self, event: dict):
        """The relay's re-checks (channel.changed, membership.changed, sign_in.changed).

        Handled one at a time with the socket's commands, as Channels did when
        each socket had its own layer channel: a command never runs halfway
        through a revocation. They reach the database through
        database_sync_to_async, which cleans up old connections by itself.
        """
        async with self.turn:
            if not self.joined:
                return
            try:
                with translation.override(self.language):
                    await getattr(self, get_handler_name(event))(event)
            except Exception:  # one bad event must not kill the socket
                logger.exception("discussion event %s failed", event.get("type"))

    async def message_changed(self, event):
        if not event["hidden"]:
            await self.send(text_data=event["text"])
            return
        payload = for_viewer(event["message"], user_id=self.user.pk, is_moderator=self.moderator)
        await self.send_json({"type": "message", "message": payload})

    async def channel_changed(self, event):
        if not await self.refresh_access():
            await self.revoke()
            return
        await self.send_json({"type": "channel", "channel": self.channel_state()})

    async def membership_changed(self, event):
        # No community: the person's roles changed (broadcast.roles_changed).
        if event.get("community_id") not in (None, self.channel.community_id):
            return
        if not await self.refresh_access():
            await self.revoke()

    async def sign_in_changed(self, event):
        """A sign-in of the person may have ended (accounts/sessions.py). The
        sockets of the session signed out close at once: the event leaves
        before Django empties the session. Otherwise each socket asks whether
        its session still signs the person in (deactivated, deleted, new
        password)."""
        if event.get("session") is not None:
            if event["session"] == self.session_digest:
                await self.sign_out()
            return
        if not await database_sync_to_async(signed_in)(
                session_key=self.session_key, user_id=self.user.pk):
            await self.sign_out()

    async def mention_created(self, event):
        await self.send_json({"type": "mention", "message": event["message"]})

    async def typing(self, event):
        if event["user_id"] != self.user.pk:
            await self.send_json({"type": "typing", "name": event["name"]})

    async def presence(self, event):
        await self.send_json({"type": "presence", **event["online"]})
