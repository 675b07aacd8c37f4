from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal-data rights on the top floor: export, deletion with a grace
    period, retention tasks and the privacy page, all read from the registry
    every app fills in accounts/personal_data.py."""

    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from privacy import privacy_hooks

        # The local outbox and the transactional e-mails (terreau's ground floor).
        privacy_hooks.register()
