"""The demo's second factor (README, docs/security.md; `manage.py demo_second_factor`).

The demo accounts whose role requires a second factor (the admin, the
cultivator, the gardeners) get the authenticator secret published in the
README, as their password is: a newcomer adds it to any authenticator app,
or runs `manage.py demo_second_factor` for the current code. The
requirement itself is never relaxed, in any environment; only these
accounts, whose password is public anyway, have a public secret.
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.db import transaction

from accounts import second_factor

# Base32, as authenticator apps read it; public, like the demo password.
DEMO_TOTP_SECRET = "TERREAUDEMOSECRETTOTP234"
DEMO_DOMAIN = "demo.terreau.fr"
PERIOD = 30


def second_factor_seed(*, users) -> list:
    """Give each of `users` whose role requires a second factor, and who has
    no authenticator yet, the demo secret and recovery codes. Returns them."""
    given = []
    with transaction.atomic():
        for user in users:
            if not second_factor.required_for(user) or second_factor.has_authenticator(user):
                continue
            TOTP.activate(user, DEMO_TOTP_SECRET)
            if not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.RECOVERY_CODES
            ).exists():
                RecoveryCodes.activate(user)
            given.append(user)
    return given


def current_code(now: float | None = None) -> str:
    """The code an authenticator app shows now for the demo secret."""
    step = int(now if now is not None else time.time()) // PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, step))


def otpauth_url() -> str:
    return f"otpauth://totp/Terreau%20demo?secret={DEMO_TOTP_SECRET}&issuer=Terreau"
