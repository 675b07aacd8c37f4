"""Unread counts kept as two numbers, not counted from the messages.

`Channel.message_count`: the channel's messages neither deleted nor hidden.
`ReadState.seen_count`: those that do not count as unread for one person
(up to their last read, and their own after it). Unread = the first minus
the second (selectors._with_unread): reading the channel list reads no
message at all.

Who writes what (docs/performance.md, "Unread counts"):
- a post: the channel's count +1 in the statement that takes its change
  number, and its author's read state (they read everything up to their
  own message); nobody else's row: no write per member;
- a delete or a hide: the channel's count -1 in the same way, and -1 on the
  read states that counted the message (one UPDATE, `message_removed`);
- a read that moves forward: `seen_count` set whole from the two numbers
  in one statement (services/reading.py), so an earlier error never lasts
  past the next read.

Plain SQL that PostgreSQL and SQLite both run.
"""

from django.db import connection
from django.db.models import F, Q

from ..models import Message, ReadState

# Where a read stops: the channel's last message up to the id given (0
# when none), so that an id past the channel's messages, or of another
# channel, never puts a read ahead of messages still to come (a socket's
# `read` frame takes any number). One probe of the (channel, id) index.
_READ = """(
    SELECT COALESCE(MAX(id), 0) FROM discussions_message
    WHERE channel_id = %(channel)s AND id <= %(message)s
)"""

# A person's seen count, as of one statement's snapshot: the channel's shown
# messages minus the shown ones after their last read that are not theirs
# (an index-only range scan of discussions_message_unread, from the read on).
_SEEN = f"""(
    (SELECT message_count FROM discussions_channel WHERE id = %(channel)s)
    - (SELECT COUNT(*) FROM discussions_message m
       WHERE m.channel_id = %(channel)s AND m.id > {_READ}
         AND m.deleted_at IS NULL AND m.hidden_at IS NULL
         AND (m.author_id IS NULL OR m.author_id <> %(user)s))
)"""

MARK_FORWARD = f"""
UPDATE discussions_readstate
SET last_read_message_id = {_READ}, seen_count = {_SEEN}
WHERE user_id = %(user)s AND channel_id = %(channel)s AND last_read_message_id < {_READ}
"""

# The first read of a channel. The seen count is only computed when no row
# exists (a false WHERE skips the select list); a row created meanwhile by a
# concurrent read wins.
MARK_FIRST = f"""
INSERT INTO discussions_readstate (user_id, channel_id, last_read_message_id, seen_count)
SELECT %(user)s, %(channel)s, {_READ}, {_SEEN}
WHERE NOT EXISTS (
    SELECT 1 FROM discussions_readstate WHERE user_id = %(user)s AND channel_id = %(channel)s
)
ON CONFLICT (user_id, channel_id) DO NOTHING
"""


def mark(*, channel_id: int, user_id: int, message_id: int) -> None:
    """Move a person's read forward to `message_id` (never backwards; to the
    channel's last message up to it, _READ), with their seen count. One
    statement when the read moves forward, two otherwise."""
    params = {"channel": channel_id, "user": user_id, "message": message_id}
    with connection.cursor() as cursor:
        cursor.execute(MARK_FORWARD, params)
        if cursor.rowcount == 0:
            cursor.execute(MARK_FIRST, params)


def message_removed(message: Message) -> int:
    """A shown message is now deleted or hidden (the channel's count already
    took -1 with its change number): the read states that counted it, those
    read past it and its author's, take -1 too. One UPDATE."""
    counted = Q(last_read_message_id__gte=message.pk)
    if message.author_id is not None:
        counted |= Q(user_id=message.author_id)
    return ReadState.objects.filter(counted, channel_id=message.channel_id).update(
        seen_count=F("seen_count") - 1
    )


# --- Recounting (rows written without the services: demo/large.py) ----------------

_CHANNELS = """
UPDATE discussions_channel SET message_count = (
    SELECT COUNT(*) FROM discussions_message m
    WHERE m.channel_id = discussions_channel.id
      AND m.deleted_at IS NULL AND m.hidden_at IS NULL
) WHERE {where}
"""
_AUTHORS = """
INSERT INTO discussions_readstate (user_id, channel_id, last_read_message_id, seen_count)
SELECT DISTINCT m.author_id, m.channel_id, 0, 0 FROM discussions_message m
WHERE m.author_id IS NOT NULL AND m.deleted_at IS NULL AND m.hidden_at IS NULL
  AND NOT EXISTS (
    SELECT 1 FROM discussions_readstate r
    WHERE r.user_id = m.author_id AND r.channel_id = m.channel_id
  ) AND {where}
"""
_STATES = """
UPDATE discussions_readstate SET seen_count = (
    SELECT COUNT(*) FROM discussions_message m
    WHERE m.channel_id = discussions_readstate.channel_id
      AND m.id <= discussions_readstate.last_read_message_id
      AND m.deleted_at IS NULL AND m.hidden_at IS NULL
) + (
    SELECT COUNT(*) FROM discussions_message m
    WHERE m.author_id = discussions_readstate.user_id
      AND m.channel_id = discussions_readstate.channel_id
      AND m.id > discussions_readstate.last_read_message_id
      AND m.deleted_at IS NULL AND m.hidden_at IS NULL
) WHERE {where}
"""


def recount(*, channel_ids=None) -> None:
    """Set both numbers from the messages, for these channels (all: None).

    For rows inserted in bulk, without the services; an author without a
    read state gets one, read up to nothing, so that their own messages are
    not unread to them. Three statements, whatever the number of channels.
    """
    if channel_ids is not None:
        channel_ids = [int(pk) for pk in channel_ids]
        if not channel_ids:
            return
    ids = ", ".join(str(pk) for pk in channel_ids or ())
    with connection.cursor() as cursor:
        for statement, column in (
            (_CHANNELS, "id"), (_AUTHORS, "m.channel_id"), (_STATES, "channel_id"),
        ):
            where = "1 = 1" if channel_ids is None else f"{column} IN ({ids})"
            cursor.execute(statement.format(where=where))
