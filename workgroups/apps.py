from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = _("Working groups")

    def ready(self):
        from workgroups import hooks, kinds, panels, privacy_hooks, waiting

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # Membership lifecycle hook and group channel access (workgroups/hooks.py).
        hooks.register()
        # Its notification kinds (workgroups/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its panel on a community's home (communities/space.py).
        panels.register()
        # What waits for the pair on its dashboard (communities/waiting.py).
        waiting.register()
