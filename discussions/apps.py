from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from discussions import hooks, kinds, moderation, panels, privacy_hooks

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # The membership lifecycle hook: sockets re-check after a change.
        hooks.register()
        # Its notification kinds (discussions/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its panel on a community's home (communities/space.py).
        panels.register()
        # Its messages in the moderation queue (moderation/registry.py).
        moderation.register()
