from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from moderation import kinds, privacy_hooks, waiting

        # What this app holds about a person: export, erasure, the privacy
        # page's declarations (accounts/personal_data.py).
        privacy_hooks.register()

        # Its notification kinds (moderation/kinds.py): the outcome told to
        # each reporter, the decision told to the author.
        kinds.register_kinds()
        # What waits for the pair on its dashboard (communities/waiting.py).
        waiting.register()
