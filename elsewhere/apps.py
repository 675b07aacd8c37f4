from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElsewhereConfig(AppConfig):
    name = "elsewhere"
    verbose_name = _("Participate elsewhere")

    def ready(self):
        from elsewhere import panels, privacy_hooks, rules  # noqa: F401

        # Who added a tool, declared to the personal-data registry (accounts/personal_data.py).
        privacy_hooks.register()

        # Its panel on a community's home (communities/space.py).
        panels.register()
