from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import privacy_hooks

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
