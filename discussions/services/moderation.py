"""Reports and mutes."""


import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Membership
from moderation import services as moderation
from moderation.models import Reason

from ..models import (
    Message,
    Mute,
    Report,
)

logger = logging.getLogger(__name__)
from ._common import (
    MUTE_MAX,
    REASON_MAX_LENGTH,
    _clean_text,
)


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
            report = Report.objects.create(message=message, reporter=reporter, reason=reason)
    except IntegrityError:
        raise ValidationError(
            _("You already reported this message; the gardeners will look at it."),
            code="already_reported",
        ) from None
    # The community's one queue (docs/moderation.md): the same report, grouped
    # with the others about this message; its outcome is told to the reporter.
    moderation.report_submit(
        kind="message", item=message, reporter=reporter, reason=Reason.OTHER, text=reason
    )
    return report


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
