"""Channel messages in the moderation queue (moderation/registry.py).

A message's "Report" action opens the queue's own form (the former
discussions form's address answers 301 to it); hiding it from the queue
calls message_hide, and a gardener's "Hide" in the channel decides the
message's open case (case_close_hidden).
"""

from django.utils.translation import gettext_lazy as _

from moderation import registry

from . import services
from .models import Message


def _lookup(community, pk):
    return (
        Message.objects.select_related("channel__community")
        .filter(channel__community=community, pk=pk)
        .first()
    )


def register() -> None:
    registry.register(registry.Reportable(
        kind="message",
        label=_("a channel message"),
        model=Message,
        permission="discussions.report_message",
        lookup=_lookup,
        community_of=lambda message: message.channel.community,
        author_id_of=lambda message: message.author_id,
        excerpt=lambda message: message.body,
        url=lambda message: f"{message.channel.get_absolute_url()}#message-{message.pk}",
        is_hidden=lambda message: message.hidden_at is not None or message.deleted_at is not None,
        hide=lambda message, *, actor, reason: services.message_hide(
            message=message, actor=actor, reason=reason
        ),
    ))
