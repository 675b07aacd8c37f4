from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from organisations import panels, privacy_hooks

        # Memberships: export and erasure (docs/privacy.md).
        privacy_hooks.register()
        # "Organisations here" on a community's home (docs/calls.md).
        panels.register()
