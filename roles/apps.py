from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Roles")

    def ready(self):
        # why: audit (below) asks roles who is watched at log-in; registered once apps are loaded.
        from audit import logins
        from roles import privacy_hooks
        from roles.predicates import is_cultivator, is_gardener, is_site_staff

        # What the gardener pairs hold about a person (accounts/personal_data.py).
        privacy_hooks.register()
        # The audit log records the log-ins of these roles (docs/audit.md).
        logins.watch("roles", lambda user: bool(
            is_site_staff(user) or is_cultivator(user) or is_gardener(user)
        ))
