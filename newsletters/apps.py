from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from newsletters import kinds, panels, privacy_hooks, waiting

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # Its notification kinds (newsletters/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its panel on a community's home (communities/space.py).
        panels.register()
        # What waits for a person on their dashboard (communities/waiting.py).
        waiting.register()
