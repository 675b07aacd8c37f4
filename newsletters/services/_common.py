from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Letter

TEXT_MAX_LENGTH = 2000


def locked_letter(letter: Letter) -> Letter:
    """The letter's row, locked and fresh: two gardeners may act at once."""
    return Letter.objects.select_for_update().select_related("community").get(pk=letter.pk)


def check_editable(letter: Letter) -> None:
    if letter.state == Letter.State.SENDING:
        raise ValidationError(
            _("This letter is being sent; it can no longer be changed."), code="sending"
        )
    if letter.state == Letter.State.SENT:
        raise ValidationError(
            _("This letter was already sent; it can no longer be changed."), code="sent"
        )


def check_not_scheduled(letter: Letter) -> None:
    check_editable(letter)
    if letter.state == Letter.State.SCHEDULED:
        raise ValidationError(
            _("This letter is scheduled. Cancel the schedule before changing it."),
            code="scheduled",
        )


def check_length(text: str, field: str, limit: int = TEXT_MAX_LENGTH) -> None:
    if len(text) > limit:
        raise ValidationError({field: ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": limit}, code="too_long"
        )})
