from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GardenersConfig(AppConfig):
    name = "gardeners"
    verbose_name = _("Gardeners")

    def ready(self):
        from .kinds import register_kinds

        register_kinds()
