"""What the services share: row locks and dates in messages."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Event, Registration


def _when(event: Event, moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment, event.tz), "DATETIME_FORMAT")


def _locked_event(pk: int) -> Event:
    try:
        # of=self: the community join is nullable and must not be locked.
        return (
            Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=pk)
        )
    except Event.DoesNotExist:
        raise ValidationError(_("This event does not exist."), code="no_event") from None


def _locked_registration(pk: int) -> Registration:
    return Registration.objects.select_for_update().get(pk=pk)
