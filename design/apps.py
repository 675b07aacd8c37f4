from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    """Terreau's design system: icons, the cards' generated pictures, the form
    field and error summary templates, the living style guide (/styleguide/)
    and the Wagtail admin's branding. docs/design.md."""

    name = "design"
    verbose_name = _("Design system")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .signals import remember_cms_access

        user_logged_in.connect(remember_cms_access, dispatch_uid="design-cms-link")
