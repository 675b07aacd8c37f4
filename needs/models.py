"""Needs and synergy proposals, and what became of them ("droit de suite").

A member of the informed or engaged circle submits an item; the community's
gardeners move it along the pipeline one step at a time and write an answer
at every step (`Step`), so the author always knows where it stands and why.
Other members say "me too" or "I can help" (`Support`); the gardeners put
people who consented in touch (`Connection`).

Nothing is deleted: a withdrawn or declined item keeps its history.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from communities.models import Community


class Status(models.TextChoices):
    NEW = "new", _("New")
    DISCUSSED = "discussed", _("Being discussed")
    CONNECTED = "connected", _("Connected")
    DONE = "done", _("Done")
    DECLINED = "declined", pgettext_lazy("need", "Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by its author")


# The pipeline the gardeners walk, in order; DECLINED ends it from any open state.
PIPELINE = (Status.NEW, Status.DISCUSSED, Status.CONNECTED, Status.DONE)
OPEN_STATUSES = (Status.NEW, Status.DISCUSSED, Status.CONNECTED)
CLOSED_STATUSES = (Status.DONE, Status.DECLINED, Status.WITHDRAWN)
# What the gardeners' board and the dashboards count (a withdrawn item left it).
BOARD_STATUSES = (*PIPELINE, Status.DECLINED)


def next_statuses(status: str) -> list[str]:
    """Where a gardener may move an item from `status`: one step forward, or declined."""
    if status not in OPEN_STATUSES:
        return []
    forward = PIPELINE[PIPELINE.index(status) + 1]
    return [forward, Status.DECLINED]


class Need(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        SYNERGY = "synergy", _("Synergy proposal")

    class Visibility(models.TextChoices):
        COMMUNITY = "community", _("The whole community")
        GARDENERS = "gardeners", _("The gardeners only")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="needs"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE,
        related_name="needs",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEED)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=4000)
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.COMMUNITY
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    contact_consent = models.BooleanField(
        _("the gardeners may share my contact with people who can help"), default=False
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the status last changed (the submission at first): how long it has waited.
    status_changed_at = models.DateTimeField(_("status changed"))
    # Hidden by the gardeners after a report (docs/moderation.md): gone from
    # the community's lists and pages; its author and the gardeners still read
    # it, with the reason.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.TextField(_("why it was hidden"), blank=True)

    class Meta:
        verbose_name = _("need or proposal")
        verbose_name_plural = _("needs and proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "status"], name="needs_community_status")]

    def __str__(self):
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def get_absolute_url(self):
        return reverse("needs:detail", kwargs={"slug": self.community.slug, "pk": self.pk})


class Step(models.Model):
    """One move along the pipeline, with the answer written for the author."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices)
    answer = models.TextField(_("answer"), max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "pk"]


class Support(models.Model):
    class Kind(models.TextChoices):
        ME_TOO = "me_too", _("Me too")
        CAN_HELP = "can_help", _("I can help")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="need_supports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    contact_consent = models.BooleanField(
        _("the gardeners may share my contact with the people concerned"), default=False
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "user", "kind"], name="needs_support_once_per_kind"
            ),
        ]


class Connection(models.Model):
    """Two people the gardeners put in touch about an item (stored in pk order)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="connections")
    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "first", "second"], name="needs_connection_once"
            ),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="needs_connection_ordered"
            ),
        ]


class Relay(models.Model):
    """A need relayed by the community's institution (region) gardener to
    their thematic direction, and the direction's answer once recorded.

    At most one per item; the answer (status + text) is shown on the item and
    told to its author ("droit de suite").
    """

    class Answer(models.TextChoices):
        WAITING = "waiting", _("Waiting for the direction")
        YES = "yes", _("The direction says yes")
        PARTLY = "partly", _("The direction says yes in part")
        NO = "no", _("The direction says no")

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="relay")
    direction = models.ForeignKey(
        "communities.Direction", verbose_name=_("direction"), on_delete=models.PROTECT,
        related_name="relayed_needs",
    )
    message = models.TextField(_("what was asked of the direction"), max_length=2000)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("relayed by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    relayed_at = models.DateTimeField(_("relayed on"), auto_now_add=True)
    answer_status = models.CharField(
        _("the direction's answer"), max_length=10, choices=Answer.choices, default=Answer.WAITING
    )
    answer = models.TextField(_("the direction's words"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("need relayed to a direction")
        verbose_name_plural = _("needs relayed to a direction")
        ordering = ["-relayed_at", "-pk"]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
