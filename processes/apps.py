from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Citizen dialogue processes")

    def ready(self):
        from processes import kinds, moderation

        # Its notification kinds (processes/kinds.py): the droit de suite.
        kinds.register_kinds()
        # Its proposals in the moderation queue (moderation/registry.py).
        moderation.register()
