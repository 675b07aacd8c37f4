"""Mutes, and reporting a message in words (the moderation queue's)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Membership
from moderation import services as moderation
from moderation.models import Reason

from ..models import Message, Mute
from ._common import MUTE_MAX, REASON_MAX_LENGTH, _clean_text


def message_report(*, message: Message, reporter, reason: str):
    """`reporter` reports a channel message in words of their own: the
    community's one queue (docs/moderation.md), as "something else" with
    their text. The refusals are the queue's (their own message, a hidden or
    deleted one, a second report). The pages use the queue's own form, with
    its list of reasons; this is for code that has only words."""
    reason = _clean_text(
        reason,
        limit=REASON_MAX_LENGTH,
        required_message=_("Tell the gardeners what is wrong with this message."),
    )
    return moderation.report_submit(
        kind="message", item=message, reporter=reporter, reason=Reason.OTHER, text=reason
    )


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
