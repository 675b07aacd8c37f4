"""Citizen dialogue processes: the mandate ("the rules of the game"), the
phases on a timeline, proposals online and from workshops, supports,
comments, the argued answers and the commitments of the follow-up
(docs/processes.md).

No business logic here: every write is in processes/services/, every read
that is more than a `get` in processes/selectors.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from terreau.fields import NameField


class ProcessLead(models.Model):
    """An agent of a direction who may run that direction's processes.

    Granted per direction by the cultivator or site staff
    (processes.services.process_lead_grant); asked through
    roles.predicates.is_process_lead_of, which reads these rows by their
    reverse name (`process_lead_roles`) so that the ground floor imports no app.
    """

    direction = models.ForeignKey(
        "communities.Direction", on_delete=models.CASCADE, related_name="process_leads",
        verbose_name=_("direction"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_lead_roles",
        verbose_name=_("person"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("process lead")
        verbose_name_plural = _("process leads")
        constraints = [
            models.UniqueConstraint(fields=["direction", "person"], name="process_lead_once"),
        ]

    def __str__(self):
        return f"{self.person} — {self.direction}"


class Process(models.Model):
    """A process run by a direction on one public decision ("démarche de
    dialogue citoyen"), with its participation mandate."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"))
    territory = models.CharField(_("territory"), max_length=200)
    direction = models.ForeignKey(
        "communities.Direction", on_delete=models.PROTECT, related_name="processes",
        verbose_name=_("direction"),
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="processes", verbose_name=_("community"),
        help_text=_("The community of engaged actors most concerned, if any."),
    )
    elected_official = models.CharField(
        _("referent elected official"), max_length=200,
        help_text=_("Who carries the process politically."),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.DRAFT)
    # The mandate: "the rules of the game".
    open_to_debate = models.TextField(_("what is open to debate"))
    not_open_to_debate = models.TextField(_("what is not open to debate"))
    decision_maker = models.CharField(_("who decides"), max_length=200)
    contributions_use = models.TextField(_("how contributions will be used"))
    answer_due_on = models.DateField(
        _("answers due by"),
        help_text=_("The date by which every proposal that needs an answer gets one."),
    )
    support_threshold = models.PositiveIntegerField(
        _("supports needed for an answer"), default=10,
        help_text=_("A proposal with this many supports gets an argued answer "
                    "(workshop contributions always do)."),
    )
    categories = models.TextField(
        _("categories"), blank=True, help_text=_("One per line; proposals choose one."),
    )
    # The last phase contributors were told about (services.phase_changes_announce).
    announced_phase = models.ForeignKey(
        "Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("citizen dialogue process")
        verbose_name_plural = _("citizen dialogue processes")
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("processes:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def category_list(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]


class Phase(models.Model):
    """One step of the timeline. The current phase is derived from the dates:
    the one whose [starts_at, ends_at) holds now."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        CONTRIBUTIONS = "contributions", _("Contributions")
        WORKSHOPS = "workshops", _("Workshops")
        OPINION = "opinion", _("Citizen opinion")
        ANSWER = "answer", _("Answer")
        FOLLOW_UP = "follow_up", _("Follow-up")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["process", "position"], name="phase_position_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="phase_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.process}: {self.get_kind_display()}"

    def is_current(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def is_past(self, now: dt.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())


class Proposal(models.Model):
    """A contribution: posted online by its author, or entered after a
    workshop by a facilitator with its source ("workshop of 12 March, 23
    participants")."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="process_proposals", verbose_name=_("author"),
    )
    title = NameField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=120, blank=True)
    source_label = models.CharField(
        _("source"), max_length=200, blank=True,
        help_text=_("For a contribution made in person: e.g. “workshop of 12 March, "
                    "23 participants”."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # A workshop's contribution: the event it was said at and how many took part
    # (source_label keeps the words shown, e.g. “Workshop of 12 March, 23 participants”).
    workshop_event = models.ForeignKey(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("workshop"),
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    # An optional place (issue #17, item 3), both or neither; WGS 84 degrees.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(_("why it was hidden"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(participants__isnull=True) | Q(participants__gte=1),
                                   name="proposal_participants_at_least_one"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("processes:proposal", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def from_workshop(self) -> bool:
        return bool(self.source_label)

    @property
    def answer_or_none(self):
        try:
            return self.answer
        except ObjectDoesNotExist:
            return None


class Support(models.Model):
    """One person backs one proposal, once (a database constraint)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="process_supports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="support_once"),
        ]


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="process_comments",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Answer(models.Model):
    """The decision-maker's argued answer to one proposal."""

    class Status(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_IN_PART = "in_part", _("Adopted in part")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        UNDER_STUDY = "under_study", _("Under study")

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="answer")
    status = models.CharField(_("answer"), max_length=16, choices=Status.choices)
    reason = models.TextField(_("why"))
    answered_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="answer_has_reason"),
        ]

    def is_late(self, due_on: dt.date) -> bool:
        """Given after the commitment date (in the site's time zone)."""
        return timezone.localdate(self.answered_at) > due_on


class Commitment(models.Model):
    """What the institution committed to do, and how far it got (droit de suite)."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("commitment", "Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="commitments")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments",
        verbose_name=_("proposal it answers"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    due_on = models.DateField(_("date"), null=True, blank=True)
    note = models.TextField(_("where it stands"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        # By date, the undated last: said in so many words, since SQLite puts
        # nulls first in an ascending order where PostgreSQL puts them last.
        ordering = [F("due_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="commitment_progress_100"),
        ]

    def __str__(self):
        return self.title


from .document_models import ProcessDocument  # noqa: F401  (its own module: models.py is long)
from .opinion_models import Opinion, PanelMember, Recommendation  # noqa: F401  (the citizen opinion)
from .referral_models import Referral  # noqa: F401  (referrals from communities)
from .workshop_models import Facilitator, Workshop  # noqa: F401  (in-person workshops)
