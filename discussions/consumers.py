"""One WebSocket per open channel page: ws/channels/<channel_id>/.

Thin on purpose: authenticate and check the rules in `connect`, check them
again before every command (ping included) and whenever the person's
membership, roles or the channel change, call services through `database_sync_to_async`, and relay
what broadcast.py sends. Handlers are named after the event types.

Frames from the client (JSON objects):
    {"type": "post", "body": "...", "ref": "client id"}
    {"type": "edit", "id": 12, "body": "..."}
    {"type": "delete", "id": 12}
    {"type": "sync", "after": 11}      -> every message changed after change 11
    {"type": "read", "id": 12}
    {"type": "typing"}
    {"type": "ping"}
Frames to the client: hello, message, sync, reload, posted, presence,
typing, mention, channel, pong, and error {"type": "error", "code", "message"}.
Every message carries `seq`, the channel's number of its latest change.
Each command's fields are checked against its schema (frames.py) before
any service runs. A bad frame gets an error frame and changes nothing; the
socket stays open. Losing the right to read closes it with code 4403; a
session that no longer signs its person in (signed out, deactivated, new
password) closes it with 4401. Events from broadcast.py: socket_events.py.
"""

import asyncio
import json
import logging
import time
import uuid

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.middleware import language_of_scope
from accounts.sessions import digest, signed_in
from roles.cache import forget

from . import broadcast, frames, presence, selectors, services
from .fanout import relay_for
from .formatting import for_viewer, message_payload
from .frames import FrameError
from .models import Channel, Message
from .predicates import is_moderator
from .socket_events import CLOSE_SIGNED_OUT, BroadcastEvents

logger = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
TYPING_INTERVAL = 2.0
_announcements: set = set()


class Revoked(Exception):
    """The socket was closed while handling a command."""


class ChannelConsumer(BroadcastEvents, AsyncWebsocketConsumer):
    channel = None  # the discussion channel (not the layer's channel_name)
    joined = False
    # No layer channel of its own: Channels would give each socket a queue,
    # a subscription and a task (about 40 KiB an idle socket, bench/chat.py).
    # Every event reaches it through the process's relay (fanout.py), which
    # uses the default layer. An alias that names no layer makes Channels
    # listen to the socket alone.
    channel_layer_alias = "discussions.relay-only"

    # --- Connecting ---------------------------------------------------------------

    async def connect(self):
        self.user = self.scope.get("user")
        self.channel_id = self.scope["url_route"]["kwargs"]["channel_id"]
        self.last_typing = 0.0
        # Accept before refusing, so the browser reads our close code (a
        # refused handshake only shows up as 1006) and stops reconnecting.
        await self.accept()
        # The relay's frames go straight to the server: the session wrapper
        # in front of it only acts on HTTP responses and the handshake.
        self.raw_send = getattr(getattr(self.base_send, "__self__", None), "real_send", self.base_send)
        if self.user is not None and self.user.is_authenticated:
            # The user object itself, not the scope's lazy wrapper: the role
            # cache lives on the object the rules receive, and `forget` must
            # reach that one, or a socket would keep yesterday's rights.
            self.user = getattr(self.user, "_wrapped", self.user)
        # The session it was opened with, asked again on sign-in changes and pings.
        self.session_key = getattr(self.scope.get("session"), "session_key", None)
        self.session_digest = digest(self.session_key) if self.session_key else None
        # Error frames speak the person's language, as their pages do.
        self.language = language_of_scope({**self.scope, "user": self.user})
        if self.user is None or not self.user.is_authenticated or not await self.refresh_access():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        # Every event comes through the process's relay (fanout.py): the
        # channel's group and the person's own (membership changes, mentions),
        # each one subscription per process shared by its local sockets.
        # The presence entry needs a name unique to this socket.
        self.channel_name = f"discussions.socket.{uuid.uuid4().hex}"
        self.turn = asyncio.Lock()
        self.fanout = relay_for(get_channel_layer())
        self.channel_group = broadcast.channel_group(self.channel_id)
        self.groups_joined = (self.channel_group, broadcast.user_group(self.user.pk))
        for group in self.groups_joined:
            await self.fanout.join(group, self)
        self.joined = True
        online = await self.presence_join()
        await self.send_json(
            {
                "type": "hello",
                "channel": self.channel_state(),
                "user": {"id": self.user.pk, "name": str(self.user)},
                "moderator": self.moderator,
                "presence": online,
            }
        )
        await self.announce_presence()

    async def disconnect(self, code):
        if not self.joined:
            return
        self.joined = False
        try:
            for group in self.groups_joined:
                await self.fanout.leave(group, self)
        except Exception:  # noqa: BLE001 -- Redis away: the membership dies with it
            pass
        await database_sync_to_async(presence.leave)(
            channel_id=self.channel_id, user_id=self.user.pk, connection=self.channel_name
        )
        await self.announce_presence()

    @database_sync_to_async
    def refresh_access(self) -> bool:
        """Reload the channel and the person's rights; False if they may not read it."""
        forget(self.user)
        channel = Channel.objects.select_related("community").filter(pk=self.channel_id).first()
        if channel is None or not self.user.has_perm("discussions.view_channel", channel):
            return False
        self.channel = channel
        self.moderator = bool(is_moderator(self.user, channel))
        return True

    @database_sync_to_async
    def presence_join(self):
        return presence.join(
            channel_id=self.channel_id,
            user_id=self.user.pk,
            name=str(self.user),
            connection=self.channel_name,
        )

    async def announce_presence(self):
        """Tell the channel who is online, at most once per DEBOUNCE seconds.

        Announcing every join to everyone would cost n² frames when n people
        arrive together; one delayed frame per second carries them all.
        """
        channel_id = self.channel_id
        if not await database_sync_to_async(presence.claim_announcement)(channel_id=channel_id):
            return

        async def later():
            await asyncio.sleep(presence.DEBOUNCE)
            online = await database_sync_to_async(presence.online)(channel_id=channel_id)
            await broadcast.presence(channel_id, online)

        # Outlives this consumer if it disconnects meanwhile; the set keeps a
        # reference so the task is not collected before it runs.
        task = asyncio.get_running_loop().create_task(later())
        _announcements.add(task)
        task.add_done_callback(_announcements.discard)

    def channel_state(self) -> dict:
        return {
            "id": self.channel.pk,
            "name": self.channel.name,
            "archived": self.channel.archived_at is not None,
        }

    async def revoke(self, code=CLOSE_FORBIDDEN):
        """The person may no longer read this channel: leave at once."""
        await self.disconnect(code)
        await self.close(code=code)

    async def sign_out(self):
        """The session no longer signs the person in: leave, saying so."""
        await self.revoke(CLOSE_SIGNED_OUT)

    # --- Frames from the client ------------------------------------------------------

    async def send_json(self, content: dict):
        await self.send(text_data=json.dumps(content, ensure_ascii=False))

    async def send_error(self, code: str, message: str):
        await self.send_json({"type": "error", "code": code, "message": message})

    async def receive(self, text_data=None, bytes_data=None):
        if not self.joined:
            return
        # One at a time with the relay's permission re-checks (in_turn).
        async with self.turn:
            if not self.joined:
                return
            with translation.override(self.language):
                await self.handle_frame(text_data, bytes_data)

    async def handle_frame(self, text_data, bytes_data):
        try:
            # Every frame passes its command's schema before any service runs.
            command, fields = frames.parse(text_data, bytes_data, channel_id=self.channel_id)
            await getattr(self, f"command_{command}")(**fields)
        except FrameError as error:
            await self.send_error(error.code, error.message)
        except Revoked:
            pass
        except Exception:  # noqa: BLE001 -- a bug must cost one frame, never the socket
            logger.exception("discussion command failed")
            await self.send_error(
                "server_error", _("Something went wrong on our side; nothing was changed.")
            )

    async def act(self, permission: str, obj=None, then=None):
        """Re-check a rule, then (if given) run `then()`, in one database trip.

        The rule and the service run in the same database_sync_to_async call:
        a post costs one hop to the database thread rather than two, which is
        most of its latency on a busy machine (bench/chat.py). Losing the
        channel closes the socket; a refusal is an error frame.
        """
        visible, result = await self._act(permission, obj, then)
        if not visible:
            await self.send_error("forbidden", _("You can no longer read this channel."))
            await self.revoke()
            raise Revoked
        return result

    @database_sync_to_async
    def _act(self, permission, obj, then):
        forget(self.user)
        channel = Channel.objects.select_related("community").filter(pk=self.channel_id).first()
        if channel is None or not self.user.has_perm("discussions.view_channel", channel):
            return False, None
        self.channel = channel
        self.moderator = bool(is_moderator(self.user, channel))
        if obj is not None:
            obj.channel = channel
        if not self.user.has_perm(permission, obj or channel):
            raise FrameError("forbidden", _("You are not allowed to do this here."))
        if then is None:
            return True, None
        try:
            return True, then()
        except ValidationError as error:
            raise FrameError(error.code or "invalid", " ".join(error.messages)) from None

    @database_sync_to_async
    def get_message(self, message_id) -> Message:
        message = Message.objects.filter(pk=message_id, channel_id=self.channel_id).first()
        if message is None:
            raise FrameError("not_found", _("No such message in this channel."))
        return message

    async def command_post(self, body, ref=None):
        message = await self.act(
            "discussions.post_message",
            then=lambda: services.message_post(channel=self.channel, author=self.user, body=body),
        )
        await self.send_json({"type": "posted", "ref": ref, "id": message.pk})

    async def command_edit(self, id, body):  # noqa: A002 -- the frame's field
        message = await self.get_message(id)
        await self.act(
            "discussions.change_message", message,
            then=lambda: services.message_edit(message=message, actor=self.user, body=body),
        )

    async def command_delete(self, id):  # noqa: A002 -- the frame's field
        message = await self.get_message(id)
        await self.act(
            "discussions.delete_message", message,
            then=lambda: services.message_delete(message=message, actor=self.user),
        )

    async def command_sync(self, after):
        """Every change after the client's change number, from the database.

        The answer to a reconnection, a gap in the numbers of the frames, or a
        pong announcing a newer number (docs/realtime.md). Beyond SYNC_LIMIT
        changes, or for a number the channel never reached, a `reload` frame:
        the page shows the latest messages faster than hundreds of frames.
        """
        frame = await self.act("discussions.view_channel", then=lambda: self.changes_after(after))
        await self.send_json(frame)

    def changes_after(self, after) -> dict:
        changes = selectors.changes_after(channel=self.channel, after=after)
        if not changes.complete:
            return {
                "type": "reload",
                "after": after,
                "message": _("Much happened in this channel meanwhile: reload the page to catch up."),
            }
        return {
            "type": "sync",
            "after": after,
            "messages": [
                for_viewer(message_payload(m), user_id=self.user.pk, is_moderator=self.moderator)
                for m in changes.messages
            ],
            "last_seq": changes.last_seq,
        }

    async def command_read(self, id):  # noqa: A002 -- the frame's field
        await self.act(
            "discussions.view_channel",
            then=lambda: services.read_mark(channel=self.channel, user=self.user, message_id=id),
        )

    async def command_typing(self):
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL:
            return
        self.last_typing = now
        await self.act("discussions.view_channel")
        await broadcast.typing(self.channel_id, user_id=self.user.pk, name=str(self.user))

    async def command_ping(self):
        """Keep-alive: re-check the rule (a client that only pings loses a channel
        too), renew groups and presence, and tell the latest change number.

        Re-adding the groups heals a Redis that restarted under a live socket
        (its group memberships are gone) and the layer's group expiry; the
        latest number lets the client notice a broadcast it missed and resync,
        even when nothing else arrives (during a Redis outage, nothing does).
        """
        still, last_seq = await self.act("discussions.view_channel", then=lambda: (
            signed_in(session_key=self.session_key, user_id=self.user.pk),
            selectors.channel_last_seq(channel=self.channel)))
        if not still:  # a sign-out whose event was lost (Redis away) ends here
            await self.sign_out()
            return
        try:
            for group in self.groups_joined:
                await self.fanout.renew(group)
        except Exception:  # noqa: BLE001 -- the next ping tries again
            pass
        await self.presence_join()
        await self.send_json({"type": "pong", "last_seq": last_seq})
