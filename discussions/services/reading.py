"""Read states and seen mentions."""


import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    Channel,
    Mention,
    ReadState,
)

logger = logging.getLogger(__name__)


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
