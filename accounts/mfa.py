"""allauth's two-factor authentication, adapted (accounts/second_factor.py
says who must use it).

- Authenticator apps and recovery codes only: security keys (WebAuthn)
  are not offered (MFA_SUPPORTED_TYPES), though allauth's `mfa` extra
  installs their library, which allauth.mfa imports in any case.
- A person whose role requires a second factor cannot turn it off.
- The code forms are throttled like passwords (accounts/throttle.py): 5
  wrong authenticator codes per account lock that route for the window of
  LOGIN_THROTTLE (15 minutes by default), which the message says, while the recovery codes keep their own 5 tries.
"""

from __future__ import annotations

from allauth.core import context
from allauth.core.internal.cryptokit import normalize_user_code
from allauth.mfa import app_settings, signals
from allauth.mfa.adapter import DefaultMFAAdapter, get_adapter
from allauth.mfa.base.forms import AuthenticateForm as BaseAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as BaseReauthenticateForm
from allauth.mfa.models import Authenticator
from django import forms
from django.utils.translation import gettext as _

from . import second_factor, throttle


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return not second_factor.required_for(authenticator.user)


def code_kind(code: str) -> str:
    """Which route a typed code takes: a recovery code has exactly its
    number of digits, anything else is an authenticator code."""
    normalized = normalize_user_code(code or "")
    if normalized.isdigit() and len(normalized) == app_settings.RECOVERY_CODE_DIGITS:
        return "recovery"
    return "totp"


AUTHENTICATOR_TYPES = {
    "totp": Authenticator.Type.TOTP,
    "recovery": Authenticator.Type.RECOVERY_CODES,
}


class ThrottledCodeMixin:
    """allauth's code check, with our counters, each code checked against its
    own kind of authenticator only (an authenticator code padded to 8 digits
    is a wrong recovery code, not a second try at the authenticator)."""

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        kind = code_kind(code)
        address = throttle.request_address(context.request)
        lockout = throttle.code_lockout(user_pk=self.user.pk, kind=kind, address=address)
        if lockout:
            wait = throttle.wait_text(lockout)
            if kind == "totp":
                message = _(
                    "Too many wrong codes. Wait %(wait)s, or use one of your recovery codes."
                ) % {"wait": wait}
            else:
                message = _("Too many wrong recovery codes. Wait %(wait)s.") % {"wait": wait}
            self._code_failed(kind, throttled=True)
            raise forms.ValidationError(message, code="throttled")
        authenticators = Authenticator.objects.filter(
            user_id=self.user.pk, type=AUTHENTICATOR_TYPES[kind]
        )
        for authenticator in authenticators:
            if authenticator.wrap().validate_code(code):
                authenticator.user = self.user
                self.authenticator = authenticator
                throttle.code_success_record(user_pk=self.user.pk, kind=kind)
                return code
        throttle.code_failure_record(user_pk=self.user.pk, kind=kind, address=address)
        self._code_failed(kind)
        raise get_adapter().validation_error("incorrect_code")

    def _code_failed(self, kind: str, *, throttled: bool = False) -> None:
        """allauth's own `authentication_failed` signal (what its forms send),
        with two more arguments for its listeners (the audit log, registered
        in audit/apps.py): the route tried (`code_kind`: "totp" or
        "recovery") and whether the throttle refused the code unchecked."""
        main = Authenticator.objects.filter(
            user_id=self.user.pk, type=Authenticator.Type.TOTP
        ).first()
        if main is None:
            return
        signals.authentication_failed.send(
            sender=Authenticator,
            request=context.request,
            user=self.user,
            authenticator=main,
            reauthentication=isinstance(self, BaseReauthenticateForm),
            code_kind=kind,
            throttled=throttled,
        )


class AuthenticateForm(ThrottledCodeMixin, BaseAuthenticateForm):
    """The code step of the log-in."""


class ReauthenticateForm(ThrottledCodeMixin, BaseReauthenticateForm):
    """Confirming one's identity with a code before a sensitive change."""
