"""Co-written newsletters: letters, their sections, audiences, subscriptions
and one delivery row per recipient.

A `Letter` is one issue of a community's newsletter ("lettre d'information
corédigée"). Members propose `Section`s while the call for contributions is
open; gardeners accept, ask for changes or decline them, write the
introduction and send the letter to the circles of its `audience`. Sending
creates one `Delivery` per recipient (unique per letter and person), which
workers claim in batches; see docs/newsletters.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Circle
from terreau.decisions import DecidedRequest


class Letter(models.Model):
    class State(models.TextChoices):
        CALL_OPEN = "call_open", _("call for contributions open")
        EDITING = "editing", _("editing")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    # States in which the content may still change.
    EDITABLE = (State.CALL_OPEN, State.EDITING, State.SCHEDULED)

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    title = models.CharField(_("title"), max_length=160)
    planned_for = models.DateField(_("planned date"))
    contributions_until = models.DateTimeField(_("contributions until"))
    intro = models.TextField(_("introduction"), blank=True)
    invited_circle = models.PositiveSmallIntegerField(
        _("who is invited to contribute"),
        choices=[(Circle.ENGAGED, _("the engaged circle")),
                 (Circle.INFORMED, _("the engaged and informed circles"))],
        default=Circle.ENGAGED,
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.CALL_OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    call_sent_at = models.DateTimeField(_("call sent"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-planned_for", "-id"]
        indexes = [models.Index(fields=["community", "state", "-sent_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsletters:letter", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE

    @property
    def is_sent(self) -> bool:
        return self.state == self.State.SENT


class Section(DecidedRequest):
    class State(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    # A section is decided again as often as the gardeners change their mind,
    # while its letter is editable; only the same decision twice is refused.
    status_field = "state"
    answer_field = "gardener_comment"
    decidable_statuses = tuple(State.values)
    already_decided_message = _("This section is already %(state)s.")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="sections")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="newsletter_sections",
    )
    # Kept so that the letter still names its author if the account goes.
    author_name = models.CharField(_("author's name"), max_length=120)
    title = models.CharField(_("title"), max_length=160)
    # Sanitised HTML (an allow-list, see newsletters/sanitise.py), stored as
    # sanitised by the service: templates print it as is.
    body = models.TextField(_("text"))
    image = models.ImageField(_("image"), upload_to="newsletters/%Y/", blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("linked event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newsletter_sections",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    gardener_comment = models.TextField(_("gardeners' comment"), blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # decided_by, decided_at: DecidedRequest; decided through terreau.decisions.decide().

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def is_accepted(self) -> bool:
        return self.state == self.State.ACCEPTED


class AudienceCircle(models.Model):
    """One circle of one community a letter is sent to.

    A gardener's letter goes to circles of its own community; the cultivator
    may add circles of other communities.
    """

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="audience")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    circle = models.PositiveSmallIntegerField(_("circle"), choices=Circle.choices)

    class Meta:
        verbose_name = _("audience circle")
        verbose_name_plural = _("audience circles")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "community", "circle"], name="audience_circle_unique"
            ),
        ]


class Subscription(models.Model):
    """A member's choice about a community's letters.

    A letter reaches only people with `subscribed=True` here: an explicit
    agreement (when and how it was given is kept). Unsubscribing keeps the
    row, so the choice is remembered and never silently reversed.
    """

    class Source(models.TextChoices):
        PROFILE = "profile", _("subscriptions page")
        LETTER_PAGE = "letter_page", _("newsletter page")
        UNSUBSCRIBE_LINK = "unsubscribe_link", _("unsubscribe link in an e-mail")
        ADMIN = "admin", _("administration")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_subscriptions"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="newsletter_subscriptions"
    )
    subscribed = models.BooleanField(_("receives the newsletter"), default=True)
    source = models.CharField(_("how"), max_length=20, choices=Source.choices)
    consented_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"], name="subscription_unique_per_community"
            ),
        ]
        indexes = [models.Index(fields=["community", "subscribed"])]


class Delivery(models.Model):
    """One copy of one letter for one person.

    Created all at once when sending starts; a worker claims a batch by
    setting `claimed_at` (a lease) and `claim`, sends, and marks each row
    right after the mail server accepted it. A lease older than
    NEWSLETTER_LEASE_SECONDS belongs to a dead worker and may be reclaimed.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING
    )
    claim = models.CharField(max_length=36, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["letter", "user"], name="delivery_once_per_person"),
        ]
        indexes = [
            # The claim query: pending rows of a letter, in id order.
            models.Index(
                fields=["letter", "id"], condition=Q(state="pending"), name="delivery_pending"
            ),
        ]

    def message_id(self) -> str:
        """The same Message-ID for every attempt: a duplicate is recognisable."""
        domain = getattr(settings, "NEWSLETTER_MESSAGE_ID_DOMAIN", "") or "terreau.localhost"
        return f"<letter-{self.letter_id}.delivery-{self.pk}@{domain}>"
