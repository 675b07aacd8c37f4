"""A funded project's follow-up (issue #19, item 5): how the amount granted
is split among the call's funders, and the carriers' progress reports and
final report. In a module of its own, imported by calls/models.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ONE_FUNDER, Application
from .storage import private_storage


class FundingShare(models.Model):
    """One funder's part of the amount granted: one row per funder of the
    call, the rows adding up to the application's granted_amount
    (services/followup.py checks it before anything is written)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="shares")
    direction = models.ForeignKey("communities.Direction", on_delete=models.PROTECT,
                                  related_name="+", null=True, blank=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_FUNDER, name="share_one_funder"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="share_amount_positive"),
            models.UniqueConstraint(fields=["application", "direction"], name="one_share_direction"),
            models.UniqueConstraint(fields=["application", "organisation"],
                                    name="one_share_organisation"),
        ]

    @property
    def funder(self):
        return self.direction or self.organisation


def _report_path(instance, filename):
    return f"calls/{instance.application_id}/reports/{uuid.uuid4().hex}-{filename[-80:]}"


class Report(models.Model):
    """A carriers' report on a funded project: progress reports as often as
    they like, one final report."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.PROGRESS)
    text = models.TextField(_("report"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    file = models.FileField(upload_to=_report_path, storage=private_storage, max_length=255,
                            blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_100"),
            models.UniqueConstraint(fields=["application"], condition=Q(kind="final"),
                                    name="one_final_report"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application}"
