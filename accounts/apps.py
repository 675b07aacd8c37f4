from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.backends.signals import connection_created

        from accounts import privacy_hooks, second_factor, sessions, throttle

        # why: ready() is where the receiver is connected, once every app is loaded.
        from terreau import sqlite

        # SQLite answers as PostgreSQL (terreau/sqlite.py): each connection
        # learns, before any query, the French order the names' columns name
        # and a LIKE that folds every letter's case.
        connection_created.connect(sqlite.teach, dispatch_uid="sqlite-answers-as-postgresql")

        # Django's own authentication signals, sent by authenticate() and
        # login() whichever form was used: the one place every log-in passes.
        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="login-throttle")
        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="login-throttle-ok")
        # Which sessions went through the second factor (accounts/second_factor.py).
        mfa_signals.authenticator_used.connect(
            second_factor.on_authenticator_used, dispatch_uid="second-factor-used"
        )
        mfa_signals.authenticator_added.connect(
            second_factor.on_authenticator_added, dispatch_uid="second-factor-added"
        )
        mfa_signals.authenticator_removed.connect(
            second_factor.on_authenticator_removed, dispatch_uid="second-factor-removed"
        )
        # Sign-ins that end outside their own request: sign-out, deactivation,
        # deletion, a new password (open sockets ask again, accounts/sessions.py).
        sessions.connect()
        # What the account holds about a person (export, erasure, retention).
        privacy_hooks.register()
