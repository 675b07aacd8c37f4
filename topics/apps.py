from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = _("Discussion topics proposed by members")

    def ready(self):
        from topics import kinds, panels, privacy_hooks, rules, waiting  # noqa: F401

        # What this app holds about a person (accounts/personal_data.py).
        privacy_hooks.register()

        # Its notification kinds (topics/kinds.py): every message to a person.
        kinds.register_kinds()
        # Its panel on a community's home (communities/space.py).
        panels.register()
        # What waits for the pair on its dashboard (communities/waiting.py).
        waiting.register()
