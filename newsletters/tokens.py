"""The one-click unsubscribe link: signed, without expiry, one per person and community.

The token is `<user id>.<community id>` signed with the SECRET_KEY under a
salt of its own (django.core.signing): it cannot be forged or altered, and
it works without logging in, as RFC 8058 requires of a one-click link.
"""

import functools
import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SALT = "newsletters.unsubscribe"


@functools.lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    # What django.core.signing.Signer(salt=SALT) derives on every call.
    return hashlib.sha256(f"{SALT}signer{secret}".encode()).digest()


def make(*, user_id: int, community_id: int) -> str:
    """Exactly `signing.Signer(salt=SALT).sign(...)` (a test compares them),
    with the key derived once: a letter signs one link per recipient."""
    value = f"{user_id}.{community_id}"
    digest = hmac.new(_key(settings.SECRET_KEY), value.encode(), hashlib.sha256).digest()
    return f"{value}:{signing.b64_encode(digest).decode()}"


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
