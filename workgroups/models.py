"""Working groups: a few engaged members who take on one issue the community
identified, with their own channel, their own meetings and a decision log.

A membership is never deleted: leaving ends it (`ended_at`), so the group
keeps its history and a person may come back later (one *active* row per
person and group, enforced by the database).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from terreau.decisions import DecidedRequest
from terreau.fields import NameField


class WorkingGroup(models.Model):
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE,
        related_name="working_groups",
    )
    name = NameField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    goal = models.TextField(_("goal"), max_length=2000)
    issue = models.CharField(
        _("issue it addresses"), max_length=200,
        help_text=_("The issue the community identified, in a few words."),
    )
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    channel = models.OneToOneField(
        "discussions.Channel", verbose_name=_("channel"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="working_group",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "slug"], name="workgroups_slug_unique_per_community"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def get_absolute_url(self):
        return reverse(
            "workgroups:detail", kwargs={"slug": self.community.slug, "group_slug": self.slug}
        )


class GroupMember(models.Model):
    class EndReason(models.TextChoices):
        LEFT = "left", _("left the group")
        REMOVED = "removed", _("removed by a gardener")
        LEFT_CIRCLE = "left_circle", _("no longer in the engaged circle")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    ended_at = models.DateTimeField(_("left"), null=True, blank=True)
    end_reason = models.CharField(
        _("why they left"), max_length=12, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(ended_at__isnull=True),
                name="workgroups_one_active_membership",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self):
        return f"{self.user} — {self.group}"


class JoinRequest(DecidedRequest):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests"
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    # decided_by, decided_at: DecidedRequest; decided through terreau.decisions.decide().

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"),
                name="workgroups_one_pending_request",
            ),
        ]


class Decision(models.Model):
    """One line of the group's decision log ("rendre compte")."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
