from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs and synergies")

    def ready(self):
        from needs import kinds, moderation, pair_waiting, panels, privacy_hooks, waiting

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # Its notification kinds (needs/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its panel on a community's home (communities/space.py).
        panels.register()
        # What waits for the pair on its dashboard (communities/waiting.py).
        pair_waiting.register()
        # Its items in the moderation queue (moderation/registry.py).
        moderation.register()
        # The relays waiting for a direction's answer, on its agents' dashboard.
        waiting.register()
