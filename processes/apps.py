from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Citizen dialogue processes")
    default_auto_field = "django.db.models.BigAutoField"
