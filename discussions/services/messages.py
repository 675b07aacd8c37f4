"""Messages: posting (with mentions), editing, deleting, hiding."""

import logging
import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from communities.models import Community
from communities.services import membership_touch
from moderation import services as moderation
from notifications import services as notifications

from .. import broadcast, presence, selectors
from ..formatting import mention_names, message_payload
from ..models import (
    Channel,
    Mention,
    Message,
    ReadState,
)
from . import unread
from ._common import (
    EDIT_WINDOW,
    MAX_MENTION_TOKENS,
    MENTION_RE,
    MESSAGE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    _broadcast,
    _check_not_muted,
    _check_open,
    _check_rate,
    _clean_text,
    _locked_message,
    _record_rate,
)

logger = logging.getLogger(__name__)

# --- Messages -----------------------------------------------------------------------


def _channel_audience(channel: Channel):
    """The people who can read a channel (a working group's: its members and the pair)."""
    return selectors.channel_audience(channel)


def _mentioned_users(*, channel: Channel, body: str, author) -> list:
    """People named @display name or @e-mail-local-part who can read the channel."""
    tokens = {m.group(1).rstrip(".-+").lower() for m in MENTION_RE.finditer(body)}
    tokens = sorted(t for t in tokens if t)[:MAX_MENTION_TOKENS]
    if not tokens:
        return []
    wanted = Q()
    for token in tokens:
        wanted |= Q(display_name__istartswith=token) | Q(email__istartswith=f"{token}@")
    candidates = _channel_audience(channel).filter(wanted).exclude(pk=author.pk)
    found = []
    for user in candidates:
        for name in mention_names([user]):
            if re.search(rf"@{re.escape(name)}(?!\w)", body, re.IGNORECASE):
                found.append(user)
                break
    return found


MENTION_EXCERPT_LENGTH = 200


def _notify_mentions(*, message: Message, users: list, payload: dict) -> None:
    """Mentions arrive live over the socket; the notification service keeps them
    in the centre and e-mails those who are away, per their preference."""
    if not users:
        return
    channel = message.channel
    for user in users:
        broadcast.mentioned(user.pk, payload)
    online = presence.online_user_ids([u.pk for u in users])
    body = message.body
    excerpt = (
        body if len(body) <= MENTION_EXCERPT_LENGTH else body[: MENTION_EXCERPT_LENGTH - 1] + "…"
    )
    options = {
        "actor": message.author,
        "community": channel.community,
        "url": reverse(
            "discussions:detail",
            kwargs={"slug": channel.community.slug, "channel_id": channel.pk},
        )
        + f"?around={message.pk}#message-{message.pk}",
        "data": {"channel": channel.name, "excerpt": excerpt, "message": message.pk},
    }
    away = [u for u in users if u.pk not in online]
    present = [u for u in users if u.pk in online]
    if away:
        notifications.notify(away, "mention", email=True, **options)
    if present:
        notifications.notify(present, "mention", email=False, **options)


def _next_seq(channel_id: int, *, removed: bool = False) -> int:
    """The channel's next change number, its row locked until commit.

    One UPDATE ... RETURNING: the row lock it takes serialises every change
    of a channel's messages, so change numbers are committed in increasing
    order and "every change after N" never skips one committed later below N.
    `removed`: a shown message is being deleted or hidden, the channel's
    count of shown messages takes -1 in the same statement.
    """
    count = ", message_count = message_count - 1" if removed else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Channel._meta.db_table} SET last_seq = last_seq + 1{count} "
            "WHERE id = %s RETURNING last_seq",
            [channel_id],
        )
        return cursor.fetchone()[0]


_CHANNEL_COLUMNS = ", ".join(f.column for f in Channel._meta.concrete_fields)

# A post's first statement: the channel, if it is open and the author is not
# muted in its community, takes its next change number and one more shown
# message, and stays locked until commit (which serialises the posts of a
# channel); its row comes back.
_CLAIM = (
    f"UPDATE {Channel._meta.db_table} SET last_seq = last_seq + 1, "
    "message_count = message_count + 1 "
    "WHERE id = %s AND archived_at IS NULL AND NOT EXISTS ("
    "  SELECT 1 FROM discussions_mute mute WHERE mute.community_id = "
    f"  {Channel._meta.db_table}.community_id AND mute.user_id = %s AND mute.until > %s"
    f") RETURNING {_CHANNEL_COLUMNS}"
)


def _claim(channel_pk: int, author) -> Channel | None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM, [channel_pk, author.pk, now])
        row = cursor.fetchone()
    if row is None:
        return None
    return Channel.from_db(connection.alias, None, row)


# A member's activity date (shown as a date, compared in days) is written at
# most once an hour per community from posts: not one more query per message.
TOUCH_EVERY = 3600


def _touch(community_id: int, author) -> None:
    key = f"discussions:touched:{community_id}:{author.pk}"
    try:
        fresh = cache.add(key, 1, TOUCH_EVERY)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable: activity date written", exc_info=True)
        fresh = True
    if fresh:
        membership_touch(community=Community(pk=community_id), user=author)


def message_post(*, channel: Channel, author, body: str) -> Message:
    """Store a message, then (after commit) broadcast it and notify mentions.

    Three statements for a message without mentions, whatever the number of
    members: the channel's claim (open? author muted? change number, shown
    messages +1, row lock), the message, its author's read state. Nobody
    else's unread count is written (services/unread.py).
    """
    body = _clean_text(
        body, limit=MESSAGE_MAX_LENGTH, required_message=_("Write something before sending.")
    )
    with transaction.atomic():
        claimed = _claim(channel.pk, author)
        if claimed is None:
            # Closed, muted, or gone: say which (DoesNotExist for gone).
            current = Channel.objects.select_related("community").get(pk=channel.pk)
            _check_open(current)
            _check_not_muted(community=current.community, user=author)
            claimed = _claim(channel.pk, author)  # a mute that just ended
            if claimed is None:
                raise ValidationError(_("This message could not be sent. Try again."), code="retry")
        if Channel.community.is_cached(channel):
            claimed.community = channel.community
        channel = claimed
        recent = _check_rate(community_id=channel.community_id, user_id=author.pk)
        message = Message.objects.create(
            channel=channel, author=author, body=body, seq=channel.last_seq
        )
        users = _mentioned_users(channel=channel, body=body, author=author)
        Mention.objects.bulk_create([Mention(message=message, user=u) for u in users])
        # Its author has read up to their own message: every shown message
        # of the channel is seen (the channel is locked: none came after).
        ReadState.objects.bulk_create(
            [ReadState(user=author, channel=channel, last_read_message_id=message.pk,
                       seen_count=channel.message_count)],
            update_conflicts=True, unique_fields=["user", "channel"],
            update_fields=["last_read_message_id", "seen_count"],
        )
        _record_rate(community_id=channel.community_id, user_id=author.pk, recent=recent)
        payload = message_payload(message, mention_names(users))
        broadcast.message_changed(channel.pk, payload)
        _notify_mentions(message=message, users=users, payload=payload)
        transaction.on_commit(lambda: _touch(channel.community_id, author), robust=True)
    return message


def _check_author(message: Message, actor) -> None:
    if message.author_id != actor.pk:
        raise ValidationError(_("This message is not yours."), code="not_yours")


def _check_not_deleted(message: Message) -> None:
    if message.deleted_at is not None:
        raise ValidationError(_("This message was deleted."), code="deleted")


def message_edit(*, message: Message, actor, body: str) -> Message:
    body = _clean_text(
        body, limit=MESSAGE_MAX_LENGTH, required_message=_("Write something before sending.")
    )
    with transaction.atomic():
        message = _locked_message(message)
        _check_author(message, actor)
        _check_not_deleted(message)
        _check_open(message.channel)
        # Edits count against the same window as posts: each one reaches every reader.
        recent = _check_rate(community_id=message.channel.community_id, user_id=actor.pk)
        if timezone.now() - message.created_at > EDIT_WINDOW:
            raise ValidationError(
                _("A message can only be edited in the %(minutes)d minutes after it was sent.")
                % {"minutes": EDIT_WINDOW.seconds // 60},
                code="edit_window",
            )
        if message.hidden_at is not None:
            raise ValidationError(
                _("A gardener hid this message; it cannot be edited."), code="hidden"
            )
        if body == message.body:
            return message
        message.body = body
        message.edited_at = timezone.now()
        message.seq = _next_seq(message.channel_id)
        message.save(update_fields=["body", "edited_at", "seq"])
        _record_rate(community_id=message.channel.community_id, user_id=actor.pk, recent=recent)
        # Mentions added by an edit are highlighted but not notified again.
        _broadcast(message)
    return message


def message_delete(*, message: Message, actor) -> Message:
    """The author erases their message; its place in the history remains."""
    with transaction.atomic():
        message = _locked_message(message)
        _check_author(message, actor)
        _check_not_deleted(message)
        recent = _check_rate(community_id=message.channel.community_id, user_id=actor.pk)
        message.body = ""
        removed = message.hidden_at is None  # a hidden one is already not counted
        message.deleted_at = timezone.now()
        message.seq = _next_seq(message.channel_id, removed=removed)
        message.save(update_fields=["body", "deleted_at", "seq"])
        if removed:
            unread.message_removed(message)
        _record_rate(community_id=message.channel.community_id, user_id=actor.pk, recent=recent)
        message.mentions.all().delete()
        _broadcast(message)
    return message


def message_hide(*, message: Message, actor, reason: str) -> Message:
    """A gardener hides a message; its author reads why."""
    reason = _clean_text(
        reason,
        limit=REASON_MAX_LENGTH,
        required_message=_("Say why the message is hidden: its author will read it."),
    )
    with transaction.atomic():
        message = _locked_message(message)
        _check_not_deleted(message)
        if message.hidden_at is not None:
            raise ValidationError(_("This message is already hidden."), code="already_hidden")
        message.hidden_at = timezone.now()
        message.hidden_by = actor
        message.hidden_reason = reason
        message.seq = _next_seq(message.channel_id, removed=True)
        message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "seq"])
        unread.message_removed(message)
        audit.record(
            audit.Action.MESSAGE_HIDDEN, actor=actor,
            community_id=message.channel.community_id, target=message,
            details={"channel": message.channel_id, "author": message.author_id},
        )
        # Its open case in the moderation queue is decided too; the
        # reporters are told (docs/moderation.md).
        moderation.case_close_hidden(kind="message", item=message, actor=actor, note=reason)
        _broadcast(message)
    return message
