"""The citizen opinion of a process (issue #17, items 4 and 5): a panel
co-writes it, the process's leads publish it, the decision-maker answers
each recommendation (docs/processes.md, "The citizen opinion").

Co-writing follows the newsletters' sections: a panel member drafts a
recommendation, a lead accepts it or sends it back with a note
(terreau.decisions.decide, like newsletters.Section). Re-exported by
processes.models (which is long).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.decisions import DecidedRequest

from .models import Answer


class Opinion(models.Model):
    """One per process, made when its panel is first named."""

    class State(models.TextChoices):
        WRITING = "writing", _("Being written")
        PUBLISHED = "published", _("Published")

    process = models.OneToOneField("processes.Process", on_delete=models.CASCADE,
                                   related_name="opinion")
    # Optional: a citizen council (councils sits below processes in the
    # layers, so the link is a plain foreign key); its seated members sit on
    # the panel for as long as they hold their seat.
    council = models.ForeignKey("councils.Council", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="process_opinions",
                                verbose_name=_("citizen council"))
    introduction = models.TextField(_("introduction"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.WRITING)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("citizen opinion")
        verbose_name_plural = _("citizen opinions")

    def __str__(self):
        return str(self.process)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def get_absolute_url(self):
        return reverse("processes:opinion", kwargs={"slug": self.process.slug})


class PanelMember(models.Model):
    """A person the process's lead named to the panel."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="process_panels", verbose_name=_("person"))
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["opinion", "person"], name="panel_member_once"),
        ]

    def __str__(self):
        return str(self.person)


class Recommendation(DecidedRequest):
    """A recommendation drafted by a panel member, linked to the proposals it
    draws on; accepted or sent back by the leads; answered once published."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CHANGES_REQUESTED = "changes_requested", _("sent back")
        ACCEPTED = "accepted", _("accepted")

    status_field = "state"
    answer_field = "note"
    decidable_statuses = tuple(State.values)
    already_decided_message = _("This recommendation is already %(state)s.")

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE,
                                related_name="recommendations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="process_recommendations")
    author_name = models.CharField(_("author's name"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    proposals = models.ManyToManyField("processes.Proposal", blank=True,
                                       related_name="recommendations",
                                       verbose_name=_("contributions it draws on"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices,
                             default=State.PROPOSED)
    note = models.TextField(_("the leads' note"), blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The decision-maker's argued answer (item 5), like a proposal's.
    answer_status = models.CharField(_("answer"), max_length=16, choices=Answer.Status.choices,
                                     blank=True)
    answer_reason = models.TextField(_("why"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["position", "pk"]  # noqa: RUF012
        constraints = [  # noqa: RUF012
            models.CheckConstraint(
                condition=Q(answer_status="") | ~Q(answer_reason=""),
                name="recommendation_answer_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_accepted(self) -> bool:
        return self.state == self.State.ACCEPTED
