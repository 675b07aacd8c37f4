"""The one module that calls group_send.

Services store first, then call the functions below; each waits for the
surrounding transaction to commit (`transaction.on_commit`), so nobody is
told about a message that a rollback erased. A failed send (Redis down) is
logged and forgotten: the change is stored with its number (Message.seq),
and clients resync from the last number they hold when a frame skips one,
a pong names a newer one or they reconnect (docs/realtime.md).

Groups:
- `discussions.channel.<id>`: every socket open on a channel;
- `discussions.user.<id>`: every socket of one person, whatever the channel
  (mentions, membership changes).

The async functions carry what is never stored (typing, presence); the
consumer calls them from its event loop.
"""

import asyncio
import json
import logging
import os

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def channel_group(channel_id) -> str:
    return f"discussions.channel.{channel_id}"


def user_group(user_id) -> str:
    return f"discussions.user.{user_id}"


# A send that takes longer than this is abandoned: the message is stored and
# clients will resync; a request must not hang on a Redis that does not answer.
SEND_TIMEOUT = 2


async def _asend(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    # The group travels with the event: a process's relay (fanout.py) hears
    # several groups on one layer channel.
    event = {**event, "group": group}
    try:
        await asyncio.wait_for(layer.group_send(group, event), SEND_TIMEOUT)
    except Exception:  # noqa: BLE001 -- a lost push is recovered by resync
        logger.warning("group_send to %s failed", group, exc_info=True)


# Sends handed to the event loop and not finished yet (a reference each, so
# none is collected mid-flight).
_pending: set = set()


def _server_loop():
    """The ASGI server's event loop, when this thread runs for it (sync_to_async)."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is None or getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop if loop.is_running() else None


def _send(group: str, event: dict) -> None:
    loop = _server_loop()
    if loop is not None:
        # In a worker thread of the server (a socket command, a view): hand
        # the send to the event loop and return at once. Waiting for it kept
        # the database thread, which every socket of the process shares, idle
        # until the busy loop got round to it (bench/chat.py). Sends are
        # scheduled in call order, so a channel's messages keep theirs.
        future = asyncio.run_coroutine_threadsafe(_asend(group, event), loop)
        _pending.add(future)
        future.add_done_callback(_pending.discard)
        return
    try:
        async_to_sync(_asend)(group, event)
    except (Exception, asyncio.CancelledError):  # noqa: BLE001
        # The pub/sub layer may cancel its own tasks while Redis is away.
        logger.warning("group_send to %s failed", group, exc_info=True)


def _after_commit(group: str, event: dict) -> None:
    transaction.on_commit(lambda: _send(group, event), robust=True)


# --- Stored facts (called by services) ----------------------------------------------


def message_changed(channel_id: int, payload: dict) -> None:
    """A message was posted, edited, deleted or hidden: its new state.

    Most sockets forward the frame as is, so it is serialised once here
    rather than once per socket. A hidden message is trimmed per reader
    (its author and the moderators read more), so it travels whole.
    """
    event = {"type": "message.changed", "hidden": payload["hidden"]}
    if payload["hidden"]:
        event["message"] = payload
    else:
        event["text"] = json.dumps({"type": "message", "message": payload}, ensure_ascii=False)
    _after_commit(channel_group(channel_id), event)


def channel_changed(channel_id: int) -> None:
    """A channel was renamed, archived or changed circle: sockets re-check."""
    _after_commit(channel_group(channel_id), {"type": "channel.changed", "channel_id": channel_id})


def mentioned(user_id: int, payload: dict) -> None:
    _after_commit(user_group(user_id), {"type": "mention.created", "message": payload})


def membership_changed(community_id: int, user_id: int) -> None:
    """A person joined, left, was removed or changed circle in a community.

    Their open sockets re-check their permission and close the channels they
    may no longer see. Call it from the service that changed the membership,
    inside its transaction: it sends after commit.
    """
    _after_commit(
        user_group(user_id), {"type": "membership.changed", "community_id": community_id}
    )


def roles_changed(user_id: int) -> None:
    """A person became or stopped being a gardener or an agent of a
    direction: their open sockets, in every community, re-check their rights
    (a former gardener may no longer read the inner circles' channels)."""
    _after_commit(user_group(user_id), {"type": "membership.changed", "community_id": None})


def sign_in_changed(user_id: int, session: str | None) -> None:
    """A sign-in of the person may have ended (accounts/sessions.py): the
    sockets of the signed-out session (`session`, its digest) close; with
    None, each of their sockets asks whether its session still signs them in
    (deactivated, deleted, new password)."""
    _after_commit(user_group(user_id), {"type": "sign_in.changed", "session": session})


# --- Ephemeral signals (called by the consumer) --------------------------------------


async def typing(channel_id: int, *, user_id: int, name: str) -> None:
    await _asend(channel_group(channel_id), {"type": "typing", "user_id": user_id, "name": name})


async def presence(channel_id: int, online: dict) -> None:
    """`online` is presence's {"count": n, "people": [...]}."""
    await _asend(channel_group(channel_id), {"type": "presence", "online": online})
