from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElsewhereConfig(AppConfig):
    name = "elsewhere"
    verbose_name = _("Participate elsewhere")

    def ready(self):
        from elsewhere import panels, rules  # noqa: F401

        # Its panel on a community's home (communities/space.py).
        panels.register()
