from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The public read-only API and open data (docs/api.md): top floor, it
    reads the other apps through their selectors and writes nothing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("Public API")
