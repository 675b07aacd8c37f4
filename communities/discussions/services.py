"""Every write to channels, messages, mutes, reports and read states.

Services check the state of the data (is this message still editable? is
this member muted? too many messages?) and raise ValidationError with a
translated message and a code; nothing is written then. Who may call them is
decided by the rules (rules.py), asked by views and consumers.

Each write that others should see live ends with a call to `broadcast`,
which sends after commit.
"""

import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Circle, Community, Membership
from communities.services import membership_touch
from notifications import services as notifications

from . import broadcast, presence, selectors
from .formatting import mention_names, message_payload
from .models import (
    Channel,
    Mention,
    Message,
    Mute,
    ReadState,
    Report,
)

logger = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 4000
CHANNEL_NAME_MAX_LENGTH = 80
REASON_MAX_LENGTH = 1000
# Per member and community; settings.DISCUSSIONS_RATE_LIMIT = (count, seconds)
# overrides it, None turns it off (bench/chat.py's single fast sender).
RATE_LIMIT_COUNT = 10
RATE_LIMIT_SECONDS = 10
EDIT_WINDOW = timedelta(minutes=15)
MUTE_MAX = timedelta(days=90)
MENTION_RE = re.compile(r"@([\w.+-]+)")
MAX_MENTION_TOKENS = 20


# --- Checks -------------------------------------------------------------------------


def _clean_text(text, *, limit: int, required_message: str) -> str:
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError(required_message, code="required")
    if len(text) > limit:
        raise ValidationError(
            _("Keep it under %(limit)d characters (this one has %(length)d).")
            % {"limit": limit, "length": len(text)},
            code="too_long",
        )
    return text


def _clean_name(name) -> str:
    return _clean_text(
        name, limit=CHANNEL_NAME_MAX_LENGTH, required_message=_("Give the channel a name.")
    )


def _valid_circle(circle) -> int:
    try:
        return Circle(int(circle))
    except (TypeError, ValueError):
        raise ValidationError(_("Choose one of the three circles."), code="bad_circle") from None


def _check_name_free(*, community, name, exclude_pk=None) -> None:
    others = Channel.objects.filter(community=community, name__iexact=name)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationError(
            _("This community already has a channel called “%(name)s”.") % {"name": name},
            code="name_taken",
        )


def _check_open(channel: Channel) -> None:
    if channel.archived_at is not None:
        raise ValidationError(
            _("This channel is archived: it can be read, not written to."), code="archived"
        )


def active_mute(*, community, user) -> Mute | None:
    return (
        Mute.objects.filter(community=community, user=user, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )


def _check_not_muted(*, community, user) -> None:
    mute = active_mute(community=community, user=user)
    if mute is not None:
        raise ValidationError(
            _("A gardener muted you in this community until %(until)s: %(reason)s")
            % {
                "until": timezone.localtime(mute.until).strftime("%d/%m/%Y %H:%M"),
                "reason": mute.reason,
            },
            code="muted",
        )


def _rate_key(community_id, user_id) -> str:
    return f"discussions:rate:{community_id}:{user_id}"


def _check_rate(*, community_id, user_id) -> list[float]:
    """A sliding window of the member's last posts, kept in the cache.

    Without a cache (Redis restarting) the limit is not applied for a moment:
    losing a conversation would be worse than a burst.
    """
    limit = getattr(settings, "DISCUSSIONS_RATE_LIMIT", (RATE_LIMIT_COUNT, RATE_LIMIT_SECONDS))
    if not limit:
        return []
    count, seconds = limit
    now = time.time()
    try:
        stored = cache.get(_rate_key(community_id, user_id)) or []
    except Exception:  # noqa: BLE001
        logger.warning("rate limit unavailable", exc_info=True)
        stored = []
    recent = [t for t in stored if t > now - seconds]
    if len(recent) >= count:
        wait = max(1, int(recent[0] + seconds - now + 1))
        raise ValidationError(
            ngettext(
                "You are sending messages too fast (at most %(count)d in %(seconds)d seconds). "
                "Wait %(wait)d second and try again.",
                "You are sending messages too fast (at most %(count)d in %(seconds)d seconds). "
                "Wait %(wait)d seconds and try again.",
                wait,
            )
            % {"count": count, "seconds": seconds, "wait": wait},
            code="rate_limited",
        )
    return recent


def _record_rate(*, community_id, user_id, recent: list[float]) -> None:
    if not getattr(settings, "DISCUSSIONS_RATE_LIMIT", True):
        return
    try:
        cache.set(
            _rate_key(community_id, user_id), [*recent, time.time()], RATE_LIMIT_SECONDS * 2
        )
    except Exception:  # noqa: BLE001
        logger.warning("rate limit unavailable", exc_info=True)


def _locked_message(message: Message) -> Message:
    return (
        Message.objects.select_for_update(of=("self",))
        .select_related("channel__community")
        .get(pk=message.pk)
    )


def _broadcast(message: Message) -> dict:
    message = Message.objects.select_related("author").prefetch_related("mentions__user").get(
        pk=message.pk
    )
    payload = message_payload(message)
    broadcast.message_changed(message.channel_id, payload)
    return payload


# --- Channels -----------------------------------------------------------------------


@transaction.atomic
def general_channel_ensure(*, community: Community) -> Channel:
    """The community's general channel, created the first time it is needed."""
    channel = Channel.objects.filter(community=community, is_general=True).first()
    if channel is not None:
        return channel
    with translation.override(settings.LANGUAGE_CODE):
        base = _("General")
    name, n = base, 2
    while Channel.objects.filter(community=community, name__iexact=name).exists():
        name, n = f"{base} {n}", n + 1
    try:
        with transaction.atomic():
            return Channel.objects.create(
                community=community, name=name, is_general=True, min_circle=Circle.CITIZENS
            )
    except IntegrityError:  # created meanwhile by a concurrent request
        return Channel.objects.get(community=community, is_general=True)


@transaction.atomic
def channel_create(*, community: Community, name: str, min_circle: int, actor) -> Channel:
    name = _clean_name(name)
    min_circle = _valid_circle(min_circle)
    _check_name_free(community=community, name=name)
    try:
        with transaction.atomic():
            return Channel.objects.create(
                community=community, name=name, min_circle=min_circle, created_by=actor
            )
    except IntegrityError:
        raise ValidationError(
            _("This community already has a channel called “%(name)s”.") % {"name": name},
            code="name_taken",
        ) from None


@transaction.atomic
def channel_update(*, channel: Channel, name: str, min_circle: int, actor) -> Channel:
    """Rename a channel or change the circle it is open from."""
    name = _clean_name(name)
    min_circle = _valid_circle(min_circle)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.is_general and min_circle != Circle.CITIZENS:
        raise ValidationError(
            _("The general channel stays open to every member."), code="general_open"
        )
    _check_name_free(community=channel.community_id, name=name, exclude_pk=channel.pk)
    channel.name = name
    channel.min_circle = min_circle
    channel.save(update_fields=["name", "min_circle"])
    broadcast.channel_changed(channel.pk)
    return channel


@transaction.atomic
def channel_archive(*, channel: Channel, actor) -> Channel:
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.is_general:
        raise ValidationError(
            _("The general channel cannot be archived."), code="general_archive"
        )
    if channel.archived_at is not None:
        raise ValidationError(_("This channel is already archived."), code="already_archived")
    channel.archived_at = timezone.now()
    channel.save(update_fields=["archived_at"])
    broadcast.channel_changed(channel.pk)
    return channel


@transaction.atomic
def channel_unarchive(*, channel: Channel, actor) -> Channel:
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.archived_at is None:
        raise ValidationError(_("This channel is not archived."), code="not_archived")
    channel.archived_at = None
    channel.save(update_fields=["archived_at"])
    broadcast.channel_changed(channel.pk)
    return channel


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


@transaction.atomic
def message_post(*, channel: Channel, author, body: str) -> Message:
    """Store a message, then (after commit) broadcast it and notify mentions."""
    body = _clean_text(
        body, limit=MESSAGE_MAX_LENGTH, required_message=_("Write something before sending.")
    )
    # Locking the channel serialises the posts of one channel: ids are then
    # committed in increasing order, so "everything after id N" has no gap.
    channel = (
        Channel.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=channel.pk)
    )
    _check_open(channel)
    _check_not_muted(community=channel.community, user=author)
    recent = _check_rate(community_id=channel.community_id, user_id=author.pk)
    # Under the channel lock, the previous message is known for sure: a client
    # receiving this one after another than `previous_id` missed something.
    previous_id = (
        Message.objects.filter(channel=channel).order_by("-id").values_list("id", flat=True).first()
        or 0
    )
    message = Message.objects.create(channel=channel, author=author, body=body)
    users = _mentioned_users(channel=channel, body=body, author=author)
    Mention.objects.bulk_create([Mention(message=message, user=u) for u in users])
    read_mark(channel=channel, user=author, message_id=message.pk)
    membership_touch(community=channel.community, user=author)
    _record_rate(community_id=channel.community_id, user_id=author.pk, recent=recent)
    payload = {**message_payload(message, mention_names(users)), "previous_id": previous_id}
    broadcast.message_changed(channel.pk, payload)
    _notify_mentions(message=message, users=users, payload=payload)
    return message


def _check_author(message: Message, actor) -> None:
    if message.author_id != actor.pk:
        raise ValidationError(_("This message is not yours."), code="not_yours")


def _check_not_deleted(message: Message) -> None:
    if message.deleted_at is not None:
        raise ValidationError(_("This message was deleted."), code="deleted")


@transaction.atomic
def message_edit(*, message: Message, actor, body: str) -> Message:
    body = _clean_text(
        body, limit=MESSAGE_MAX_LENGTH, required_message=_("Write something before sending.")
    )
    message = _locked_message(message)
    _check_author(message, actor)
    _check_not_deleted(message)
    _check_open(message.channel)
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
    message.save(update_fields=["body", "edited_at"])
    # Mentions added by an edit are highlighted but not notified again.
    _broadcast(message)
    return message


@transaction.atomic
def message_delete(*, message: Message, actor) -> Message:
    """The author erases their message; its place in the history remains."""
    message = _locked_message(message)
    _check_author(message, actor)
    _check_not_deleted(message)
    message.body = ""
    message.deleted_at = timezone.now()
    message.save(update_fields=["body", "deleted_at"])
    message.mentions.all().delete()
    _broadcast(message)
    return message


@transaction.atomic
def message_hide(*, message: Message, actor, reason: str) -> Message:
    """A gardener hides a message; its author reads why."""
    reason = _clean_text(
        reason,
        limit=REASON_MAX_LENGTH,
        required_message=_("Say why the message is hidden: its author will read it."),
    )
    message = _locked_message(message)
    _check_not_deleted(message)
    if message.hidden_at is not None:
        raise ValidationError(_("This message is already hidden."), code="already_hidden")
    message.hidden_at = timezone.now()
    message.hidden_by = actor
    message.hidden_reason = reason
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    Report.objects.filter(message=message, handled=False).update(
        handled=True, handled_by=actor, handled_at=timezone.now()
    )
    _broadcast(message)
    return message


@transaction.atomic
def message_report(*, message: Message, reporter, reason: str) -> Report:
    reason = _clean_text(
        reason,
        limit=REASON_MAX_LENGTH,
        required_message=_("Tell the gardeners what is wrong with this message."),
    )
    if message.author_id == reporter.pk:
        raise ValidationError(_("You cannot report your own message."), code="own_message")
    if message.deleted_at is not None:
        raise ValidationError(_("This message was deleted."), code="deleted")
    try:
        with transaction.atomic():
            return Report.objects.create(message=message, reporter=reporter, reason=reason)
    except IntegrityError:
        raise ValidationError(
            _("You already reported this message; the gardeners will look at it."),
            code="already_reported",
        ) from None


@transaction.atomic
def report_handle(*, report: Report, actor) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.handled:
        raise ValidationError(_("This report was already handled."), code="already_handled")
    report.handled = True
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["handled", "handled_by", "handled_at"])
    return report


# --- Members ------------------------------------------------------------------------


@transaction.atomic
def member_mute(*, community: Community, user, actor, duration: timedelta, reason: str) -> Mute:
    """A gardener silences a member of their community for a while."""
    reason = _clean_text(
        reason,
        limit=REASON_MAX_LENGTH,
        required_message=_("Say why the member is muted: they will read it."),
    )
    if not isinstance(duration, timedelta) or duration <= timedelta(0) or duration > MUTE_MAX:
        raise ValidationError(
            _("Choose a duration between a few minutes and %(days)d days.")
            % {"days": MUTE_MAX.days},
            code="bad_duration",
        )
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot mute yourself."), code="self_mute")
    if not Membership.objects.filter(community=community, user=user).exists():
        raise ValidationError(
            _("%(person)s is not a member of %(community)s.")
            % {"person": user, "community": community},
            code="not_member",
        )
    return Mute.objects.create(
        community=community, user=user, by=actor, reason=reason, until=timezone.now() + duration
    )


@transaction.atomic
def member_unmute(*, community: Community, user, actor) -> int:
    return Mute.objects.filter(community=community, user=user, until__gt=timezone.now()).update(
        until=timezone.now()
    )


# --- Reading ------------------------------------------------------------------------


def read_mark(*, channel: Channel, user, message_id: int) -> None:
    """Remember the person read the channel up to this message (never backwards)."""
    if not user.is_authenticated or not message_id:
        return
    updated = ReadState.objects.filter(
        user=user, channel=channel, last_read_message_id__lt=message_id
    ).update(last_read_message_id=message_id)
    if not updated:
        try:
            with transaction.atomic():
                ReadState.objects.get_or_create(
                    user=user, channel=channel, defaults={"last_read_message_id": message_id}
                )
        except IntegrityError:  # created meanwhile, and then at least as far
            pass


def mentions_mark_seen(*, user, message_ids=None) -> int:
    mentions = Mention.objects.filter(user=user, seen_at__isnull=True)
    if message_ids is not None:
        mentions = mentions.filter(message_id__in=message_ids)
    return mentions.update(seen_at=timezone.now())


