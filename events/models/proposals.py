"""A member's proposal of an event, decided by the community's pair.

An engaged member proposes (title, what, when, where, for whom); the pair
accepts it (the event is created with the author as its organiser, and
published: its circles are told), asks for changes (the author edits and
sends it again) or declines it, always with an answer the author reads
("droit de suite"). Decided by terreau.decisions.decide() only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Circle
from terreau.decisions import DecidedRequest


class EventProposal(DecidedRequest):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the gardeners")
        CHANGES_REQUESTED = "changes_requested", _("changes asked")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    already_decided_message = _("This proposal is already %(status)s; nothing was changed.")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="event_proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_proposals"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    address = models.TextField(_("address"))
    # Empty: open to everyone; else the circle it is for (and the closer ones).
    circle = models.PositiveSmallIntegerField(
        _("for"), choices=Circle.choices, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("the gardeners' answer"), blank=True)
    event = models.OneToOneField(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal"
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event proposal")
        verbose_name_plural = _("event proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_proposal_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:proposal", kwargs={"pk": self.pk})


class ProposalDateOption(models.Model):
    """One date a proposal offers in its poll ("which of these dates suits you?").

    A proposal offers its own start and up to four more (2 to 5 options); each
    lasts as long as the proposal (ends_at - starts_at). The pair picks one when
    accepting.
    """

    proposal = models.ForeignKey(
        EventProposal, on_delete=models.CASCADE, related_name="date_options"
    )
    starts_at = models.DateTimeField(_("date offered"))

    class Meta:
        verbose_name = _("date option")
        verbose_name_plural = _("date options")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "starts_at"], name="proposal_date_option_once"
            ),
        ]

    def __str__(self):
        return f"{self.proposal} · {self.starts_at:%Y-%m-%d %H:%M}"


class DatePollAnswer(models.Model):
    """One member's answer to a proposal's date poll: the options that suit them.

    One per person and proposal (the constraint): answering again replaces the
    options chosen, it never adds a second answer.
    """

    proposal = models.ForeignKey(
        EventProposal, on_delete=models.CASCADE, related_name="poll_answers"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="date_poll_answers"
    )
    options = models.ManyToManyField(ProposalDateOption, related_name="answers", blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("date poll answer")
        verbose_name_plural = _("date poll answers")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"], name="date_poll_one_answer_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.proposal}"
