"""The decision log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications

from ..models import Decision, GroupMember, WorkingGroup
from ._common import (
    TEXT_MAX_LENGTH,
    _check_open,
    _data,
    _locked_group,
    _text,
)

# --- Decisions --------------------------------------------------------------------------


def decision_record(*, group: WorkingGroup, actor, text: str, decided_on) -> Decision:
    """A line in the group's decision log; the group's members are told."""
    with transaction.atomic():
        text = _text(
            text, limit=TEXT_MAX_LENGTH, field="text", required=_("Write the decision.")
        )
        if not isinstance(decided_on, dt.date):
            raise ValidationError({"decided_on": ValidationError(
                _("Enter a valid date."), code="invalid")})
        if decided_on > timezone.localdate():
            raise ValidationError({"decided_on": ValidationError(_(
                "A decision is recorded once it is taken: the date cannot be in the future."),
                code="future")})
        group = _locked_group(group)
        _check_open(group)
        decision = Decision.objects.create(
            group=group, text=text, decided_on=decided_on, recorded_by=actor
        )
        members = [
            m.user
            for m in GroupMember.objects.filter(group=group, ended_at__isnull=True).select_related(
                "user"
            )
        ]
        notifications.notify(
            members, "group_decision", actor=actor, community=group.community,
            url=group.get_absolute_url() + "#decisions",
            data=_data(group, decision=text[:300], decided_on=decided_on.isoformat()),
        )
        return decision
