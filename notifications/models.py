from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .kinds import Frequency


class Notification(models.Model):
    """Something that happened which one person should know about.

    The text is not stored: the kind's template renders `data` (names,
    titles, the gardeners' answer) in the reader's language when shown.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)  # a key of notifications.kinds.KINDS
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # E-mail bookkeeping: when it was e-mailed alone or in a digest; never if the
    # person chose "never" (the row stays in the notification centre).
    emailed_at = models.DateTimeField(null=True, blank=True)
    # How it was to be e-mailed, decided by notify() from the person's preference
    # at that moment: a Frequency value, or "" when the caller said email=False.
    delivery = models.CharField(max_length=12, blank=True, default="")
    # The daily digest that carried it (claimed by an UPDATE ... WHERE emailed_at IS NULL).
    digest = models.ForeignKey(
        "Digest", on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"], name="notif_recipient_unread"
            ),
            # The digest sweep: only rows still waiting for a digest.
            models.Index(
                fields=["created_at"],
                condition=Q(delivery="daily", emailed_at__isnull=True),
                name="notif_digest_due",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"


class Preference(models.Model):
    """How one person wants to be e-mailed about one kind (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)  # a key of notifications.kinds.KINDS
    frequency = models.CharField(_("e-mail"), max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")


class Digest(models.Model):
    """One person's daily digest e-mail: at most one per person and day (the constraint)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField(_("day"))  # the digest's day, in the digest time zone
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="notification_digest_once_a_day")
        ]
        verbose_name = _("notification digest")
        verbose_name_plural = _("notification digests")

    def __str__(self):
        return f"digest {self.day} → {self.user_id}"
