"""Read states and seen mentions."""


import logging

from django.utils import timezone

from ..models import (
    Channel,
    Mention,
)
from . import unread

logger = logging.getLogger(__name__)


# --- Reading ------------------------------------------------------------------------


def read_mark(*, channel: Channel, user, message_id: int) -> None:
    """Remember the person read the channel up to this message (never
    backwards), and how many of its messages that covers: their unread
    count of the channel is then what was posted after (services/unread.py).
    One statement when the read moves forward, two the first time."""
    if not user.is_authenticated or not message_id:
        return
    unread.mark(channel_id=channel.pk, user_id=user.pk, message_id=int(message_id))


def mentions_mark_seen(*, user, message_ids=None) -> int:
    mentions = Mention.objects.filter(user=user, seen_at__isnull=True)
    if message_ids is not None:
        mentions = mentions.filter(message_id__in=message_ids)
    return mentions.update(seen_at=timezone.now())
