"""The checks every discussion write shares: text, names, circles, mutes, the rate limit."""


import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Circle

from .. import broadcast
from ..formatting import message_payload
from ..models import (
    Channel,
    Message,
    Mute,
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


def check_storable(text: str) -> str:
    """`text`, or a ValidationError if it holds what cannot be stored or sent.

    A NUL byte (PostgreSQL refuses it in text) or a lone surrogate (a half
    of a UTF-16 pair: not UTF-8, so neither PostgreSQL nor a WebSocket frame
    can carry it). The socket's frame schemas (frames.py) and the forms
    (forms.py) call it too, so every way in gives the same answer.
    """
    try:
        text.encode("utf-8")
        broken = "\x00" in text
    except UnicodeEncodeError:
        broken = True
    if broken:
        raise ValidationError(
            _("This text holds characters that cannot be stored (a NUL byte or a broken "
              "character). Remove them and try again."),
            code="bad_characters",
        )
    return text


def _clean_text(text, *, limit: int, required_message: str) -> str:
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text:
        raise ValidationError(required_message, code="required")
    check_storable(text)
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


def name_taken(name: str) -> ValidationError:
    return ValidationError(
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


def _rate_limit() -> tuple[int, int] | None:
    """(count, seconds) of the sliding window; None when it is turned off."""
    return getattr(settings, "DISCUSSIONS_RATE_LIMIT", (RATE_LIMIT_COUNT, RATE_LIMIT_SECONDS))


def _rate_key(community_id, user_id) -> str:
    return f"discussions:rate:{community_id}:{user_id}"


def _check_rate(*, community_id, user_id) -> list[float]:
    """A sliding window of the member's last posts, kept in the cache.

    Without a cache (Redis restarting) the limit is not applied for a moment:
    losing a conversation would be worse than a burst.
    """
    limit = _rate_limit()
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
    limit = _rate_limit()
    if not limit:
        return
    try:
        # Kept as long as the window it counts in, whatever the settings say.
        cache.set(_rate_key(community_id, user_id), [*recent, time.time()], limit[1] * 2)
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
