from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from communities import audited, kinds, panels, privacy_hooks, waiting

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # Its notification kinds (communities/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its own panels on a community's home (communities/space.py).
        panels.register()
        # "Waiting for you" on the dashboard: circle requests to answer.
        waiting.register_own()
        # Circle moves and removals by a gardener go to the audit log.
        audited.register()
