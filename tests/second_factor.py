"""Two-factor authentication in tests: an authenticator app with a known
secret, its codes, and the recovery codes (allauth.mfa's own helpers)."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

# Base32, as authenticator apps read it.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
PERIOD = 30


def totp_setup(user, secret: str = SECRET) -> str:
    """Give `user` an authenticator app and recovery codes; return the secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str = SECRET, *, step: int = 0) -> str:
    """The code the app shows now (`step` periods later or earlier)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD + step))


def recovery_codes(user) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return authenticator.wrap().get_unused_codes()
