"""Calls for projects: a call, its criteria and required documents; the
applications organisations carry, their budget lines and documents; the
funders' reviews (one score per reviewer and criterion) and the decision."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from terreau.decisions import DecidedRequest

from .storage import private_storage


class Call(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    direction = models.ForeignKey(
        "communities.Direction", on_delete=models.PROTECT, related_name="calls",
        verbose_name=_("direction"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"))
    rules = models.TextField(_("rules of the game"), blank=True)
    themes = TaggableManager(verbose_name=_("themes"), blank=True)
    eligible_territories = models.TextField(_("eligible territories"), blank=True)
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)
    partners = models.ManyToManyField(
        "communities.Direction", related_name="partner_calls", blank=True,
        verbose_name=_("partners (funders)"),
    )
    # Funders outside the institution: their admins review like a direction's agents.
    partner_organisations = models.ManyToManyField(
        "organisations.Organisation", related_name="partner_calls", blank=True,
        verbose_name=_("partner organisations (funders)"),
    )
    # When the funded projects' final report is due (an application may set its own).
    final_report_due_at = models.DateTimeField(_("final report due"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        ordering = ["closes_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="call_closes_after_opening"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:detail", kwargs={"slug": self.slug})

    def is_open(self, now) -> bool:
        """Open from opens_at (included) until closes_at (excluded)."""
        return self.state == self.State.PUBLISHED and self.opens_at <= now < self.closes_at


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.title


class RequiredDocument(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    name = models.CharField(_("document"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Application(DecidedRequest):
    # Decided once, by the call's agent (terreau/decisions.py: who and when,
    # the audit log); the reasons are the answer the carriers read.
    answer_field = "decision_reasons"
    decidable_statuses = ("submitted", "complete", "under_review", "opinion_given")
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Received")
        # The call's agent checked the file: every piece is there and
        # admissible. Instruction time counts from here (as "dossier complet").
        COMPLETE = "complete", _("Complete")
        UNDER_REVIEW = "under_review", _("Under review")
        OPINION_GIVEN = "opinion_given", _("Opinion given")
        DECIDED = "decided", _("Decided")

    class Decision(models.TextChoices):
        FUNDED = "funded", _("Funded")
        NOT_FUNDED = "not_funded", _("Not funded")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("lead organisation"),
    )
    co_carriers = models.ManyToManyField(
        "organisations.Organisation", through="CoCarrier", related_name="co_applications",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("project summary"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    requested_amount = models.DecimalField(
        _("amount requested (€)"), max_digits=12, decimal_places=2, default=0
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Admissibility (services/completeness.py): the agent asks the carriers
    # for missing pieces (the request is kept), then declares the file complete.
    pieces_request = models.TextField(_("pieces requested"), blank=True)
    pieces_requested_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # Reminders before the deadline, each claimed once (services/reminders.py).
    reminder_week_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    # The common opinion of the funders, written by the call's agent before deciding.
    opinion = models.TextField(_("common opinion"), blank=True)
    opinion_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    granted_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    # Follow-up of a funded project (followup.py): its own due date for the
    # final report, else the call's; the reminders before it, each claimed once.
    final_report_due_at = models.DateTimeField(_("final report due"), null=True, blank=True)
    report_reminder_14_sent_at = models.DateTimeField(null=True, blank=True)
    report_reminder_1_sent_at = models.DateTimeField(null=True, blank=True)
    # A funded project's links (services/links.py): the community it lives in
    # and events of that community; shown on the application's page and in
    # the community's "Funded projects" panel.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="funded_projects", verbose_name=_("community"),
    )
    events = models.ManyToManyField("events.Event", related_name="funded_projects", blank=True,
                                    verbose_name=_("events"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calls:application", kwargs={"pk": self.pk})


class CoCarrier(models.Model):
    """Another organisation carrying the project: its members see and edit the draft."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="carriers")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "organisation"], name="one_cocarrier_row"),
        ]


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        EXPENSE = "expense", _("Expense")
        COFUNDING = "cofunding", _("Co-funding")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_amount_positive"),
        ]


def _document_path(instance, filename):
    return f"calls/{instance.application_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(RequiredDocument, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=_document_path, storage=private_storage, max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "document"], name="one_file_per_document"),
        ]


ONE_FUNDER = (models.Q(direction__isnull=False, organisation__isnull=True)
              | models.Q(direction__isnull=True, organisation__isnull=False))


class Assignment(models.Model):
    """A reviewer of a funder (a partner direction or organisation) assigned to an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_assignments"
    )
    direction = models.ForeignKey("communities.Direction", on_delete=models.CASCADE,
                                  related_name="+", null=True, blank=True)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+", null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment"),
            models.CheckConstraint(condition=ONE_FUNDER, name="assignment_one_funder"),
        ]

    @property
    def funder(self):
        return self.direction or self.organisation


class Score(models.Model):
    """One row per reviewer and criterion: two reviewers never write the same row."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer", "criterion"],
                                    name="one_score_per_reviewer_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=5), name="score_at_most_5"),
        ]


from .followup_models import FundingShare, Report  # noqa: E402,F401  (follow-up: its own module)
from .watch.models import OutsideCall  # noqa: E402,F401  (the watch on other calls: its own package)


class Question(models.Model):
    """A question about a call, asked while it is open by a signed-in person;
    the call's agents answer it, and a published answer joins the call's
    public questions and answers (services/questions.py)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    text = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # A question about one applicant's own case is answered to them alone.
    public = models.BooleanField(_("published in the call's questions and answers"),
                                 default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["call", "answered_at"])]

    def __str__(self):
        return self.text[:60]
