"""Signed links for people without an account (and for e-mails to anyone).

A link carries `[registration id, registration secret]` signed with
django.core.signing under a salt per purpose: a confirmation link cannot
be used to cancel, a forged or altered link fails the signature, and a link
to a registration whose secret does not match (a row recreated, say) is
refused. Confirmation links expire; cancel and view links live as long as the
registration does.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Registration

CONFIRM = "confirm"
CANCEL = "cancel"
VIEW = "view"
PURPOSES = (CONFIRM, CANCEL, VIEW)

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _salt(purpose: str) -> str:
    return f"events.registration.{purpose}"


def make(registration: Registration, purpose: str) -> str:
    assert purpose in PURPOSES
    return signing.dumps([registration.pk, registration.secret], salt=_salt(purpose), compress=True)


def registration_pk(token: str, purpose: str) -> tuple[int, str]:
    """The (id, secret) a token carries, or ValidationError with a clear message."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        pk, secret = signing.loads(token, salt=_salt(purpose), max_age=max_age)
        return int(pk), str(secret)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Register again to receive a new one."), code="expired"
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(
            _("This link is not valid. Copy the whole address from the e-mail."), code="bad_link"
        ) from None


def read(token: str, purpose: str) -> Registration:
    """The registration a link points to (with its event), or ValidationError."""
    pk, secret = registration_pk(token, purpose)
    registration = (
        Registration.objects.select_related("event", "event__community").filter(pk=pk).first()
    )
    if registration is None or registration.secret != secret:
        raise ValidationError(
            _("This link is not valid. Copy the whole address from the e-mail."), code="bad_link"
        )
    return registration
