"""The one-click unsubscribe link: signed, without expiry, one per person and community.

The token is `<user id>.<community id>` signed with the SECRET_KEY under a
salt of its own (django.core.signing): it cannot be forged or altered, and
it works without logging in, as RFC 8058 requires of a one-click link.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SALT = "newsletters.unsubscribe"


def make(*, user_id: int, community_id: int) -> str:
    return signing.Signer(salt=SALT).sign(f"{user_id}.{community_id}")


def read(token: str) -> tuple[int, int]:
    """(user id, community id), or ValidationError with a clear message."""
    try:
        value = signing.Signer(salt=SALT).unsign(token or "")
        user_id, community_id = value.split(".")
        return int(user_id), int(community_id)
    except (signing.BadSignature, ValueError):
        raise ValidationError(
            _("This unsubscribe link is not valid. Copy the whole address from the e-mail, "
              "or manage your subscriptions from your profile."),
            code="bad_link",
        ) from None
