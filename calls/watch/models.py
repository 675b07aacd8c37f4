"""An outside funding call: posted by an agent or a partner, told to the people
whose themes match (services.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

TITLE_MAX = 200


class OutsideCall(models.Model):
    """A funding call run elsewhere, listed until its deadline (included, Paris time)."""

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    funder = models.CharField(_("funder"), max_length=160)
    url = models.URLField(_("link"), max_length=500)
    deadline = models.DateField(_("deadline"))
    # Required by the service (nobody could be told of a call without themes).
    themes = TaggableManager(verbose_name=_("themes"), blank=True)
    territory = models.CharField(_("territory"), max_length=160, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("posted by"),
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    # Claimed once by the task that tells the people whose themes match.
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        app_label = "calls"
        verbose_name = _("outside funding call")
        verbose_name_plural = _("outside funding calls")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline"], name="calls_outside_deadline")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Its own public page: the notification's link works whatever page of
        the list the call falls on."""
        return reverse("calls:watch_detail", args=[self.pk])

