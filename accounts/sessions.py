"""When a person's sign-in ends outside the request that holds it, and whether
a session still signs its person in (docs/security.md, "Sessions").

A page asks Django at every request whether its session still signs its
person in. A connection that stays open (a chat socket) asks once, at its
handshake; this module lets it ask again, and tells it when to:

- `signed_in(session_key, user_id)`: the session still exists and names this
  person, the account is active and still exists, and its password is the
  one the session was opened with. Django's own check (`auth.get_user`),
  without its side effects: it never flushes nor renews the session.
- `on_sign_in_changed(key, listener)`: a higher app registers
  `listener(user_id, session)`, called after commit when a sign-in of the
  person may have ended. `session` is the digest of the session that was
  signed out (`digest()`), or None when every session of the person must ask
  again: the account deactivated or deleted, the password changed, set or
  reset.

Session keys are bearer secrets: only their digest leaves the process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.db import transaction
from django.utils.crypto import constant_time_compare

Listener = Callable[[int, "str | None"], None]

_listeners: dict[str, Listener] = {}


def digest(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()


def signed_in(*, session_key: str | None, user_id: int) -> bool:
    """Whether this session still signs in this person (two queries at most)."""
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if str(store.get(SESSION_KEY)) != str(user_id):
        return False  # signed out: the session is gone, or names someone else
    backend_path = store.get(BACKEND_SESSION_KEY)
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return False
    user = load_backend(backend_path).get_user(user_id)  # None: deactivated or gone
    if user is None:
        return False
    session_hash = store.get(HASH_SESSION_KEY) or ""
    hashes = [user.get_session_auth_hash()] + [
        user._get_session_auth_hash(secret=secret)
        for secret in settings.SECRET_KEY_FALLBACKS
    ]
    return any(constant_time_compare(session_hash, known) for known in hashes)


def on_sign_in_changed(key: str, listener: Listener) -> None:
    """Register `listener(user_id, session)`; the same key again replaces it."""
    _listeners[key] = listener


def sign_in_changed(user_id: int, session: str | None = None) -> None:
    """Tell every listener, once the current transaction commits; one that
    fails is logged and the others are told all the same."""
    for listener in list(_listeners.values()):
        def tell(listener=listener):
            listener(user_id, session)

        transaction.on_commit(tell, robust=True)


# --- The events that may end a sign-in (connected in AccountsConfig.ready) -----


def on_logged_out(sender, request, user, **kwargs):
    # `user` is None when nobody was signed in: no sign-in ended.
    key = request.session.session_key
    if user is not None and key:
        sign_in_changed(user.pk, digest(key))


def on_user_saved(sender, instance, created, **kwargs):
    # A password set since the account was loaded (`set_password()`, by any
    # form: the person's, a reset, the admin's) is still in `_password` here:
    # Django clears it once the save, this signal included, is done.
    changed_password = instance._password is not None
    if not created and (changed_password or not instance.is_active):
        sign_in_changed(instance.pk)


def on_user_deleted(sender, instance, **kwargs):
    sign_in_changed(instance.pk)


def connect() -> None:
    from django.contrib.auth.signals import user_logged_out
    from django.db.models.signals import post_delete, post_save

    # Module-level receivers: connecting one twice keeps one (Django knows it
    # by its identity), so no dispatch_uid is needed.
    user_model = get_user_model()
    user_logged_out.connect(on_logged_out)
    post_save.connect(on_user_saved, sender=user_model)
    post_delete.connect(on_user_deleted, sender=user_model)
