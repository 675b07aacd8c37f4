from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Citizen dialogue processes")

    def ready(self):
        from processes import (
            kinds,
            moderation,
            privacy_hooks,
            referrals,
            waiting,
            workshop_links,
        )

        # What this app holds about a person: export, erasure, the privacy
        # page's declarations (accounts/personal_data.py).
        privacy_hooks.register()

        # Its notification kinds (processes/kinds.py): the droit de suite.
        kinds.register_kinds()
        # Its proposals in the moderation queue (moderation/registry.py).
        moderation.register()
        # Referrals from communities, shown under needs and group results
        # (needs/next_steps.py, workgroups/next_steps.py).
        referrals.register()
        # On an event held as a workshop, the link back to its process (events/related.py).
        workshop_links.register()
        # Recommendations sent back to their authors, on their dashboard
        # (communities/waiting.py).
        waiting.register()
