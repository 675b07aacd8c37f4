from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events import hooks, kinds, panels, privacy_hooks, waiting

        # What this app holds about a person: export, erasure, retention,
        # the privacy page's declarations (accounts/personal_data.py).
        privacy_hooks.register()
        # A working group's next meeting on its page (workgroups/meetings.py).
        hooks.register()
        # Its notification kinds (events/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its panel on a community's home (communities/space.py).
        panels.register()
        # What waits for a person on their dashboard (communities/waiting.py).
        waiting.register()
