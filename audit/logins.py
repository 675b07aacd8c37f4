"""Log-ins of the people whose accounts matter most: staff, gardeners, the
cultivator. Failed attempts on those accounts too: the security team reads
them to spot guessing.

Who is "watched" is a role question, and roles sit above this app: `roles`
registers the predicate from its `ready()` (`watch()`). The receivers are
Django's own auth signals, which every log-in form sends (allauth's, the
Wagtail and Django admin ones): external signals, not a hook between our apps.
A wrong second-factor code comes through allauth's `authentication_failed`
signal, which accounts/mfa.py sends with the route tried.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from .actions import Action
from .services import record

_watched: dict[str, Callable[[object], bool]] = {}


def watch(key: str, predicate: Callable[[object], bool]) -> None:
    """Audit the log-ins of people for whom `predicate(user)` holds."""
    _watched[key] = predicate


def is_watched(user) -> bool:
    return any(predicate(user) for predicate in list(_watched.values()))


def on_logged_in(sender, request=None, user=None, **kwargs) -> None:
    if user is not None and is_watched(user):
        record(Action.LOGIN_SUCCEEDED, actor=user, target=user, request=request)


def on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    credentials = credentials or {}
    identifier = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not identifier or not isinstance(identifier, str):
        return
    user = get_user_model().objects.filter(email__iexact=identifier.strip()).first()
    if user is not None and is_watched(user):
        # Nobody proved who they are: no actor; the account aimed at is the target.
        record(Action.LOGIN_FAILED, target=user, request=request)


CODE_STEPS = {False: "login", True: "reauthentication"}


def on_code_failed(sender, request=None, user=None, reauthentication=False, code_kind=None,
                   throttled=False, **kwargs) -> None:
    """A wrong (or throttled) second-factor code: whoever typed it knew the
    password. At the log-in's code step nobody is logged in yet: no actor, the
    account is the target, as for a wrong password. When re-confirming, the
    session's own person typed it: they are the actor. A right code is not
    recorded: the log-in it completes is (`login.succeeded`), and a
    re-confirmation is not a log-in."""
    if user is None or not is_watched(user):
        return
    details = {"step": CODE_STEPS[bool(reauthentication)]}
    if code_kind:
        details["route"] = code_kind
    if throttled:
        details["throttled"] = True
    record(Action.LOGIN_CODE_FAILED, actor=user if reauthentication else None, target=user,
           details=details, request=request)
