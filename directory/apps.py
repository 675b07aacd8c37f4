from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Actor directory")

    def ready(self):
        from directory import hooks, panels, privacy_hooks

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # The membership lifecycle hook: a departure removes the entry.
        hooks.register()
        # Its panel on a community's home (communities/space.py).
        panels.register()
