"""Two-factor authentication: who must use it, and the check every request
of a signed-in person passes (docs/security.md).

The second factor itself is allauth's (`allauth.mfa`: an authenticator app's
TOTP codes and recovery codes); `accounts/mfa.py` adapts it (QR code,
throttled code forms). What is ours:

- **Who must.** `required_for(user)` asks the predicates named in the
  SECOND_FACTOR_REQUIRED_FOR setting (site staff, the cultivator, every
  gardener of an active pair). They are named in the settings, as
  AUTHENTICATION_BACKENDS are, because the roles live in an app above this
  one: the lowest app asks them without importing them.
- **Which sessions went through it.** A session is *verified* once its
  person typed a code: at log-in (allauth's code step), when re-confirming
  their identity with a code, or when they set up their authenticator app
  (activating it takes a code). allauth's signals mark the session here.
- **The check** (`SecondFactorMiddleware`), for a signed-in person whose
  session is not verified:
  - they have an authenticator: the session was opened without the code
    (by a path that skipped allauth's code step), so they are logged out, on
    any page, and sent back to the log-in form, which asks for it;
  - their role requires one: every page sends them to the authenticator
    set-up, except the set-up pages themselves, identity re-confirmation,
    log-out, the language switch and static files;
  - otherwise nothing happens: a second factor is offered, never imposed.

WebSockets (`SecondFactorSocketMiddleware`, in terreau/asgi.py): the same
session is anonymous to the sockets in both cases, so a person who must
type a code, or set up an app, cannot read or post in a channel meanwhile.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

SESSION_KEY = "accounts_second_factor_user"

# The pages a person who must set up a second factor can still reach.
OPEN_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "set_language",
    }
)


def _requirements():
    return [import_string(path) for path in getattr(settings, "SECOND_FACTOR_REQUIRED_FOR", ())]


def required_for(user) -> bool:
    """True when the person's role requires a second factor."""
    if not user.is_authenticated:
        return False
    return any(predicate(user) for predicate in _requirements())


def has_authenticator(user) -> bool:
    """True when the person has set up an authenticator app."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


# --- The session's record ---------------------------------------------------------


def session_mark(session, user) -> None:
    """Record in `session` that `user` typed a second-factor code."""
    session[SESSION_KEY] = str(user.pk)


def session_verified(request) -> bool:
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def on_authenticator_used(sender, request, user, **kwargs):
    """A code was accepted (log-in step or re-confirmation)."""
    session_mark(request.session, user)


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app takes one of its codes."""
    if authenticator.type == authenticator.Type.TOTP:
        session_mark(request.session, user)


def on_authenticator_removed(sender, request, user, **kwargs):
    """Without an authenticator left, the session is no longer verified."""
    if not has_authenticator(user):
        request.session.pop(SESSION_KEY, None)


# --- The check ----------------------------------------------------------------------


def _open(request) -> bool:
    """A page that a person who must set up a second factor may reach."""
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.url_name in OPEN_URL_NAMES


class SecondFactorMiddleware:
    """After authentication and allauth's middleware (see the module's doc).

    A verified session costs no query; an unverified one (people without a
    second factor) costs the authenticator lookup and the role predicates,
    which the page's own rules then find in their per-request cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or session_verified(request):
            return self.get_response(request)
        if has_authenticator(user):
            logout(request)
            messages.info(request, _("Log in again with your authenticator app's code."))
            return redirect_to_login(request.get_full_path())
        if required_for(user):
            if _open(request):
                # The set-up page says why it is required.
                request.second_factor_required = True
                return self.get_response(request)
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _socket_user(user, session):
    """The user a socket sees: anonymous if the session stops short of the
    second factor the person has or needs."""
    if not user.is_authenticated or session is None:
        return user
    if session.get(SESSION_KEY) == str(user.pk):
        return user
    if has_authenticator(user) or required_for(user):
        return AnonymousUser()
    return user


class SecondFactorSocketMiddleware:
    """Channels middleware, inside AuthMiddlewareStack (which sets the user)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is not None:
            seen = await database_sync_to_async(_socket_user)(user, scope.get("session"))
            if seen is not user:
                scope = dict(scope, user=seen)
        return await self.inner(scope, receive, send)
