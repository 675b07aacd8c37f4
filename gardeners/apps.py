from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GardenersConfig(AppConfig):
    name = "gardeners"
    verbose_name = _("Gardeners")

    def ready(self):
        from . import privacy_hooks
        from .kinds import register_kinds

        # What the coaching thread holds about a person (accounts/personal_data.py).
        privacy_hooks.register()

        register_kinds()
