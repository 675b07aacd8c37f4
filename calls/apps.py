from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls for projects")

    def ready(self):
        from calls import kinds, privacy_hooks, waiting
        from calls.watch import rules as watch_rules  # noqa: F401  (who posts to the watch)

        # Its notification kinds (calls/kinds.py): every message to a person.
        kinds.register_kinds()
        # A reviewer's scores: export and erasure (docs/privacy.md).
        privacy_hooks.register()
        # Drafts to complete, on their carriers' dashboard (communities/waiting.py).
        waiting.register()
        # The "Funded projects" panel of a community's home (communities/space.py).
        from calls.funded import panels as funded_panels

        funded_panels.register()
