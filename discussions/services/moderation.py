"""Mutes, and reporting a message in words (the moderation queue's)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from communities.models import Community, Membership
from moderation import services as moderation
from moderation.models import Reason
from notifications import services as notifications

from ..kinds import MUTED
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


def _told(mute: Mute | None, *, community: Community, user, actor, change: str) -> None:
    """The member reads it in their notification centre (and by e-mail as
    they chose): muted until when and why, or free to write again."""
    data = {"community": community.name, "change": change}
    if mute is not None:
        data |= {"until": timezone.localtime(mute.until).strftime("%d/%m/%Y %H:%M"),
                 "reason": mute.reason}
    notifications.notify([user], MUTED, actor=actor, community=community,
                         url=reverse("discussions:list", kwargs={"slug": community.slug}),
                         data=data)


def member_mute(*, community: Community, user, actor, duration: timedelta, reason: str) -> Mute:
    """A gardener silences a member of their community for a while.

    A mute still running is replaced: the member is muted once, until the
    new end, for the new reason. The member is told; the audit log keeps who
    muted whom until when, not the reason (words about a person). The
    member's row lock serialises two gardeners muting them at once.
    """
    with transaction.atomic():
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
        if not Membership.objects.select_for_update().filter(
                community=community, user=user).exists():
            raise ValidationError(
                _("%(person)s is not a member of %(community)s.")
                % {"person": user, "community": community},
                code="not_member",
            )
        now = timezone.now()
        Mute.objects.filter(community=community, user=user, until__gt=now).update(until=now)
        mute = Mute.objects.create(
            community=community, user=user, by=actor, reason=reason, until=now + duration
        )
        audit.record(audit.Action.MEMBER_MUTED, actor=actor, community_id=community.pk,
                     target=user, details={"until": mute.until.isoformat()})
        _told(mute, community=community, user=user, actor=actor, change="muted")
        return mute


def member_unmute(*, community: Community, user, actor) -> int:
    """The member may write again now; refused when they are not muted."""
    with transaction.atomic():
        now = timezone.now()
        ended = Mute.objects.filter(community=community, user=user, until__gt=now).update(
            until=now)
        if not ended:
            raise ValidationError(_("%(person)s is not muted.") % {"person": user},
                                  code="not_muted")
        audit.record(audit.Action.MEMBER_UNMUTED, actor=actor, community_id=community.pk,
                     target=user)
        _told(None, community=community, user=user, actor=actor, change="unmuted")
        return ended
