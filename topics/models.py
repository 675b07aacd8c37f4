"""A member's proposal of a new discussion channel (a topic), decided by the pair.

An engaged or informed member proposes a topic (a name, why, for which
circles); the pair opens it (the channel is created in discussions, open
from the circle asked) or declines it with a reason the author reads.
Decided by terreau.decisions.decide() only. Its own app, above discussions:
discussions knows nothing of it (docs/discussions-topics.md).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Circle
from terreau.decisions import DecidedRequest


class TopicProposal(DecidedRequest):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the gardeners")
        OPENED = "opened", _("opened")
        DECLINED = "declined", _("declined")

    already_decided_message = _("This proposal is already %(status)s; nothing was changed.")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="topic_proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_proposals"
    )
    name = models.CharField(_("name of the channel"), max_length=80)
    description = models.TextField(_("what it is for"))
    # The channel is open from this circle (and the closer ones).
    min_circle = models.PositiveSmallIntegerField(
        _("for"), choices=Circle.choices, default=Circle.INFORMED
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("the gardeners' answer"), blank=True)
    channel = models.ForeignKey(
        "discussions.Channel", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topics:proposal", kwargs={"slug": self.community.slug, "pk": self.pk})
