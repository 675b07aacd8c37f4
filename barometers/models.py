"""Barometer surveys: a named series (a barometer) of waves, each a
questionnaire open for a period to the people it targets (docs/barometers.md).

Anonymity is in the schema: a `Response` and its `Answer`s name no one and
carry no time; who has answered is kept apart, in `Participation` (an
account, per wave) and `DeviceGuard` (a keyed hash of a browser's token),
neither of which points to a response. No business logic here: every write
is in barometers/services/.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.fields import NameField


class Barometer(models.Model):
    """A series of waves asked over time, compared question by question."""

    name = NameField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Its agents are the agents of this direction (barometers/rules.py).
    direction = models.ForeignKey(
        "communities.Direction", on_delete=models.PROTECT, related_name="barometers",
        verbose_name=_("direction"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("barometer")
        verbose_name_plural = _("barometers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("barometers:detail", kwargs={"slug": self.slug})


class Wave(models.Model):
    """One questionnaire of a barometer, open from `opens_at` (included) to
    `closes_at` (excluded) once launched."""

    class Target(models.TextChoices):
        PUBLIC = "public", _("everyone")
        TERRITORY = "territory", _("the members of a territory's communities")
        COUNCIL = "council", _("the members of a citizen council")
        COMMUNITY = "community", _("circles of a community")

    barometer = models.ForeignKey(Barometer, on_delete=models.CASCADE, related_name="waves")
    title = models.CharField(_("title"), max_length=120)
    target = models.CharField(_("asked to"), max_length=12, choices=Target.choices,
                              default=Target.PUBLIC)
    territory = models.CharField(_("territory"), max_length=120, blank=True)
    council = models.ForeignKey(
        "councils.Council", null=True, blank=True, on_delete=models.PROTECT,
        related_name="barometer_waves", verbose_name=_("council"),
    )
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.PROTECT,
        related_name="barometer_waves", verbose_name=_("community"),
    )
    # The community's circle and the closer ones (communities.Circle).
    min_circle = models.PositiveSmallIntegerField(_("from the circle"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    # The questionnaire is frozen once launched; the targeted people are told
    # when it opens (announced_at).
    launched_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="wave_period_order"),
        ]

    def __str__(self):
        return f"{self.barometer} · {self.title}"

    def get_absolute_url(self):
        return reverse("barometers:answer", kwargs={"slug": self.barometer.slug, "pk": self.pk})

    def is_open(self, now) -> bool:
        return bool(self.launched_at) and self.opens_at <= now < self.closes_at

    def is_closed(self, now) -> bool:
        return now >= self.closes_at

    def takes_paper(self, now) -> bool:
        """Questionnaires collected on paper are typed in from the opening
        instant until the results are published, closed or not."""
        return bool(self.launched_at) and self.opens_at <= now and not self.results_published_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale from 1 to 5")
        TEXT = "text", _("free text")

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("position"), default=0)
    # The same code in two waves of a barometer: the same indicator, compared.
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)

    SCALE = range(1, 6)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "code"], name="question_unique_code"),
        ]

    def __str__(self):
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class Participation(models.Model):
    """An account has answered a wave. Nothing else: no time, no response."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="barometer_participations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "user"], name="participation_once"),
        ]


class DeviceGuard(models.Model):
    """A browser has answered a wave: a keyed hash of its cookie's token."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="device_guards")
    token_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "token_hash"], name="device_guard_once"),
        ]


class Response(models.Model):
    """One filled questionnaire: a random id, its wave, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")


class Answer(models.Model):
    """The answer to one question. A multiple choice gives one row per option
    chosen; `value` is the option's index (0-based) or the scale's value."""

    class Status(models.TextChoices):
        # In context: an answer is feminine in French ("acceptée", "masquée").
        PENDING = "pending", _("to moderate")
        APPROVED = "approved", pgettext_lazy("a free-text answer", "approved")
        HIDDEN = "hidden", pgettext_lazy("a free-text answer", "hidden")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Free text only: read by the public once approved.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        indexes = [models.Index(fields=["question", "value"])]
