from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

FOOTER_FIELDS = ("about", "participation_rules", "privacy", "legal_notice", "accessibility")


def _page(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="link")
class FooterLinks(BaseSiteSetting):
    """The pages every screen links to from its footer."""

    about = _page(_("about"))
    participation_rules = _page(_("rules of participation"))
    privacy = _page(_("privacy"))
    legal_notice = _page(_("legal notice"))
    accessibility = _page(_("accessibility statement"))

    panels = [FieldPanel(name) for name in FOOTER_FIELDS]

    class Meta:
        verbose_name = _("footer links")

    def pages(self):
        """The chosen pages that are live, in footer order."""
        chosen = (getattr(self, name) for name in FOOTER_FIELDS)
        return [page for page in chosen if page is not None and page.live]
