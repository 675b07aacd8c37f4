from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Citizen councils")

    def ready(self):
        from councils import hooks, kinds, privacy_hooks, waiting

        # Its notification kinds (councils/kinds.py): every message to a person.
        kinds.register_kinds()
        # What a candidate gave: export, erasure, retention (docs/privacy.md).
        privacy_hooks.register()
        # Its own channel is read by its members only (discussions/access.py).
        hooks.register()
        # Freed seats to draw again, on their agents' dashboard (communities/waiting.py).
        waiting.register()
