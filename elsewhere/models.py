"""The institution's other participation tools that concern a community.

Citizen initiative votes, participatory budgets, consultations: run on other
sites, listed on the community's page with a clear mark that the link leaves
Terreau, until their closing date. The cultivator manages them
(docs/elsewhere.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalTool(models.Model):
    class Kind(models.TextChoices):
        CITIZEN_INITIATIVE = "citizen_initiative", _("citizen initiative vote")
        PARTICIPATORY_BUDGET = "participatory_budget", _("participatory budget")
        CONSULTATION = "consultation", _("consultation")

    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.CASCADE,
        related_name="external_tools",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    url = models.URLField(_("link"), max_length=500)
    # Shown up to and including this day (Paris time), hidden the day after.
    closes_on = models.DateField(_("closing date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("external participation tool")
        verbose_name_plural = _("external participation tools")
        ordering = ["closes_on", "pk"]
        indexes = [models.Index(fields=["community", "closes_on"])]

    def __str__(self):
        return self.title
