from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls for projects")

    def ready(self):
        from calls import kinds, privacy_hooks

        # Its notification kinds (calls/kinds.py): every message to a person.
        kinds.register_kinds()
        # A reviewer's scores: export and erasure (docs/privacy.md).
        privacy_hooks.register()
