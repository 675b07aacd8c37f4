"""Referrals from communities to a process (issue #17, item 7): in a module
of their own, imported by processes/models.py (which passed 400 lines)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Answer, Process


class Referral(models.Model):
    """A community's need, or a working group's result (a line of its
    decision log), referred by the community's region (institution) gardener
    to a process (issue #17, item 7). It is owed an argued answer like a
    proposal — adopted, in part, not adopted, under study, and why — from the
    process's managers, due by the process's commitment date, and shown back
    in the community (needs/next_steps.py, workgroups/next_steps.py).

    The model lives here, above needs and workgroups: processes knows them,
    they know nothing of processes (docs/processes.md)."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="referrals",
        verbose_name=_("community"),
    )
    need = models.ForeignKey(
        "needs.Need", on_delete=models.CASCADE, null=True, blank=True,
        related_name="referrals", verbose_name=_("need or proposal"),
    )
    decision = models.ForeignKey(
        "workgroups.Decision", on_delete=models.CASCADE, null=True, blank=True,
        related_name="referrals", verbose_name=_("working group's result"),
    )
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="referrals",
                                verbose_name=_("process"))
    message = models.TextField(_("what the community asks of the process"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    referred_at = models.DateTimeField(auto_now_add=True)
    # The argued answer (empty while waiting).
    status = models.CharField(_("answer"), max_length=16, choices=Answer.Status.choices,
                              blank=True)
    reason = models.TextField(_("why"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral from a community")
        verbose_name_plural = _("referrals from communities")
        ordering = ["referred_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(need__isnull=False, decision__isnull=True)
                           | Q(need__isnull=True, decision__isnull=False)),
                name="referral_one_source",
            ),
            models.UniqueConstraint(fields=["need", "process"], name="referral_need_once",
                                    condition=Q(need__isnull=False)),
            models.UniqueConstraint(fields=["decision", "process"],
                                    name="referral_decision_once",
                                    condition=Q(decision__isnull=False)),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (~Q(reason="") & ~Q(status="")),
                name="referral_answer_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.need_id:
            return self.need.title
        return self.decision.text[:80]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def source_url(self) -> str:
        if self.need_id:
            return self.need.get_absolute_url()
        group = self.decision.group
        return reverse("workgroups:detail", kwargs={
            "slug": self.community.slug, "group_slug": group.slug}) + "#decisions"
