"""One login throttle for every way in, and for the second factor's code.

The Wagtail admin's and the Django admin's log-in addresses lead to the
site's form (allauth; accounts/views.py), and every log-in ends in
`django.contrib.auth.authenticate()`, so the password throttle sits there
and nowhere else: `LoginThrottleBackend` comes first in
AUTHENTICATION_BACKENDS and refuses (PermissionDenied, which stops
`authenticate()` before any password is checked) once an account or a client
address has failed too often; the `user_login_failed` signal, sent by
`authenticate()` for every failure whatever the form, counts the failures.

Two counters, each a fixed window that starts at the first failure:

- per account (the e-mail typed, lower-cased): LOGIN_THROTTLE["per_account"]
  failures in the window, then even the right password is refused until the
  window ends. This stops guessing one staff password from many addresses.
- per client address: LOGIN_THROTTLE["per_address"] failures, then every
  log-in from that address is refused. This stops one address from trying
  many accounts.

A successful log-in clears its own account's counter only: an attacker's
address keeps its count.

The trade-off (docs/security.md): someone who knows a person's e-mail can
keep that account's password log-in locked by failing on purpose. The person
then resets their password by e-mail (the reset link logs nobody in by itself
and is not throttled by this counter), or waits for the window to end.

The code step after the password has counters of its own (at the end of
this module, used by accounts/mfa.py).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_LIMITS = {"per_account": (5, 15 * 60), "per_address": (20, 15 * 60)}
IDENTIFIER_FIELDS = ("email", "username", "login")


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "LOGIN_THROTTLE", {})}


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def credentials_identifier(credentials: dict) -> str:
    """The account a log-in attempt names, as typed by the person."""
    for field in IDENTIFIER_FIELDS:
        value = credentials.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return ""


def request_address(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "") or ""


def _counters(identifier: str, address: str):
    limits = _limits()
    if identifier:
        yield _key("account", identifier), *limits["per_account"]
    if address:
        yield _key("address", address), *limits["per_address"]


def _lockout(counters) -> int:
    """The window, in seconds, of the longest counter that has used up its
    failures (0 when none has): how long the person is told to wait."""
    return max(
        (window for key, limit, window in counters if (cache.get(key) or 0) >= limit),
        default=0,
    )


def wait_text(seconds: int) -> str:
    """A lockout period as a person reads it ("15 minutes", "1 hour"), in the
    active language: the messages say the configured window, never a fixed one."""
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if seconds >= 60:
        minutes = -(-seconds // 60)  # a window of 90 s is "2 minutes", never less
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def login_lockout(*, identifier: str, address: str) -> int:
    """The lockout period (seconds) when the account or the address has used
    up its failures, else 0."""
    return _lockout(_counters(identifier, address))


def login_throttled(*, identifier: str, address: str) -> bool:
    """True when the account or the address has used up its failures."""
    return bool(login_lockout(identifier=identifier, address=address))


def _count(key: str, window: int) -> None:
    cache.add(key, 0, timeout=window)  # the window starts at the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)


def login_failure_record(*, identifier: str, address: str) -> None:
    for key, _limit, window in _counters(identifier, address):
        _count(key, window)


def login_success_record(*, identifier: str) -> None:
    if identifier:
        cache.delete(_key("account", identifier))


class LoginThrottleBackend:
    """First authentication backend: refuses a throttled attempt outright.

    It never logs anyone in, so it has no get_user(): the test client's
    force_login() and the session keep using the backends that do.
    """

    def authenticate(self, request, **credentials):
        identifier = credentials_identifier(credentials)
        lockout = login_lockout(identifier=identifier, address=request_address(request))
        if lockout:
            if request is not None and hasattr(request, "_messages"):
                messages.error(
                    request,
                    _(
                        "Too many failed log-in attempts. Wait %(wait)s, or reset "
                        "your password by e-mail."
                    )
                    % {"wait": wait_text(lockout)},
                )
            raise PermissionDenied
        return None


def on_login_failed(sender, credentials, request=None, **kwargs):
    login_failure_record(
        identifier=credentials_identifier(credentials), address=request_address(request)
    )


def on_logged_in(sender, request, user, **kwargs):
    login_success_record(identifier=(getattr(user, "email", "") or "").lower())


# --- The second factor's code step ------------------------------------------------
#
# Reaching the code step takes the right password, so only someone who holds
# it can fail there. Each kind of code has its own per-account counter, with
# the password's limits: 5 wrong authenticator codes lock that route, and
# the recovery codes (8 digits, 10 of them, each usable once) stay open with
# their own 5 tries; the client address's counter is the password's, shared.
# docs/security.md says why.

CODE_KINDS = ("totp", "recovery")


def _code_counters(user_pk, kind: str, address: str):
    limits = _limits()
    yield _key(f"code-{kind}", str(user_pk)), *limits["per_account"]
    if address:
        yield _key("address", address), *limits["per_address"]


def code_lockout(*, user_pk, kind: str, address: str) -> int:
    """The lockout period (seconds) when this kind of code, or the address,
    has used up its failures, else 0."""
    return _lockout(_code_counters(user_pk, kind, address))


def code_throttled(*, user_pk, kind: str, address: str) -> bool:
    """True when this kind of code, or the address, has used up its failures."""
    return bool(code_lockout(user_pk=user_pk, kind=kind, address=address))


def code_failure_record(*, user_pk, kind: str, address: str) -> None:
    for key, _limit, window in _code_counters(user_pk, kind, address):
        _count(key, window)


def code_success_record(*, user_pk, kind: str) -> None:
    """A right code clears its own kind's counter, never the other's."""
    cache.delete(_key(f"code-{kind}", str(user_pk)))
