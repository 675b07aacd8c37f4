from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometersConfig(AppConfig):
    name = "barometers"
    verbose_name = _("Barometer surveys")

    def ready(self):
        from barometers import kinds, privacy_hooks, waiting

        kinds.register_kinds()
        # The open waves a person is asked, on their dashboard (communities/waiting.py).
        waiting.register()
        # Who answered which wave: export and erasure (docs/barometers.md).
        privacy_hooks.register()
