from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log (docs/audit.md): low in the layers, every app records into it."""

    name = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth import signals

        # why: the decision hook's registry; apps are loaded only in ready().
        from terreau import decisions

        from . import logins, privacy_hooks
        from .decided import on_decided

        privacy_hooks.register()
        signals.user_logged_in.connect(logins.on_logged_in, dispatch_uid="audit.login")
        signals.user_login_failed.connect(logins.on_login_failed, dispatch_uid="audit.login_failed")
        mfa_signals.authentication_failed.connect(
            logins.on_code_failed, dispatch_uid="audit.code_failed"
        )
        # Every decision of a request (terreau.decisions.decide) is audited here.
        decisions.on_decided("audit", on_decided)
