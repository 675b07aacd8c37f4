"""Reports of member-written content, grouped into one case per item.

A `Report` is one person's "this should not be here" about one item (a kind
from the registry and the item's id); `Case` groups the open reports of an
item into one entry of its community's queue, until the gardeners decide it
(terreau.decisions: who, when, why). What the case shows of the item (its
text, address, author) is copied when it is first reported, so that the queue
reads one table whatever the kinds, and a decision stays readable after the
item changes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from terreau.decisions import DecidedRequest


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Insulting, hateful or harassing")
    PRIVATE = "private", _("Shares someone's personal information")
    FALSE = "false", _("False or misleading")
    OFF_TOPIC = "off_topic", _("Off topic for this community")
    OTHER = "other", _("Something else")


class Case(DecidedRequest):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        KEPT = "kept", _("kept")
        HIDDEN = "hidden", _("hidden")
        WARNED = "warned", _("kept, author warned")

    status_field = "status"
    answer_field = "note"
    decidable_statuses = (Status.OPEN,)
    already_decided_message = _("This report was already decided (%(status)s); nothing was changed.")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE,
        related_name="moderation_cases",
    )
    kind = models.CharField(_("kind of content"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("item"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    excerpt = models.TextField(_("reported content"))
    url = models.CharField(_("address"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("first reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation case")
        verbose_name_plural = _("moderation cases")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], condition=Q(status="open"),
                name="moderation_one_open_case_per_item",
            )
        ]
        indexes = [models.Index(fields=["community", "status", "created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.status})"


class Report(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind of content"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("item"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter"), on_delete=models.CASCADE,
        related_name="moderation_reports",
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    text = models.TextField(_("details"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            # One report per person and item, ever: a second is refused.
            models.UniqueConstraint(
                fields=["kind", "object_id", "reporter"], name="moderation_report_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id}: {self.reason}"
