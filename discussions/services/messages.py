"""Messages: posting (with mentions), editing, deleting, hiding."""


import logging
import re

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from communities.services import membership_touch
from moderation import services as moderation
from notifications import services as notifications

from .. import broadcast, presence, selectors
from ..formatting import mention_names, message_payload
from ..models import (
    Channel,
    Mention,
    Message,
)

logger = logging.getLogger(__name__)
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
from .reading import read_mark

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


def _next_seq(channel_id: int) -> int:
    """The channel's next change number, its row locked until commit.

    One UPDATE ... RETURNING: the row lock it takes serialises every change
    of a channel's messages, so change numbers are committed in increasing
    order and "every change after N" never skips one committed later below N.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Channel._meta.db_table} SET last_seq = last_seq + 1 "
            "WHERE id = %s RETURNING last_seq",
            [channel_id],
        )
        return cursor.fetchone()[0]


def message_post(*, channel: Channel, author, body: str) -> Message:
    """Store a message, then (after commit) broadcast it and notify mentions."""
    body = _clean_text(
        body, limit=MESSAGE_MAX_LENGTH, required_message=_("Write something before sending.")
    )
    with transaction.atomic():
        # Locking the channel serialises the posts of one channel (and their
        # change numbers, taken below under the same lock).
        channel = (
            Channel.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=channel.pk)
        )
        _check_open(channel)
        _check_not_muted(community=channel.community, user=author)
        recent = _check_rate(community_id=channel.community_id, user_id=author.pk)
        message = Message.objects.create(
            channel=channel, author=author, body=body, seq=_next_seq(channel.pk)
        )
        users = _mentioned_users(channel=channel, body=body, author=author)
        Mention.objects.bulk_create([Mention(message=message, user=u) for u in users])
        read_mark(channel=channel, user=author, message_id=message.pk)
        membership_touch(community=channel.community, user=author)
        _record_rate(community_id=channel.community_id, user_id=author.pk, recent=recent)
        payload = message_payload(message, mention_names(users))
        broadcast.message_changed(channel.pk, payload)
        _notify_mentions(message=message, users=users, payload=payload)
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
        message.deleted_at = timezone.now()
        message.seq = _next_seq(message.channel_id)
        message.save(update_fields=["body", "deleted_at", "seq"])
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
        message.seq = _next_seq(message.channel_id)
        message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "seq"])
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
