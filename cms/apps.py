from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self):
        from . import signals  # noqa: F401 - connects the footer cache's receivers
