"""Citizen councils: territory, colleges and seats, term, members, the pool
of candidates and the draws by lot (docs/councils.md).

No business logic here: every write is in councils/services/.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.fields import NameField


class Council(models.Model):
    """A neighbourhood's or a commune's citizen council ("conseil citoyen")."""

    name = NameField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    territory = models.CharField(
        _("territory"), max_length=200, help_text=_("The commune or neighbourhood it serves.")
    )
    description = models.TextField(_("description"), blank=True)
    # Its agents are the agents of this direction (councils/rules.py).
    direction = models.ForeignKey(
        "communities.Direction", on_delete=models.PROTECT, related_name="councils",
        verbose_name=_("direction"),
    )
    term_start = models.DateField(_("start of term"))
    term_end = models.DateField(_("end of term"))
    # The community the council works with: its members are invited into it,
    # and its own channel lives there (discussions channels belong to a
    # community; councils/hooks.py narrows that one to the council's members).
    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="councils", verbose_name=_("community"),
    )
    channel = models.OneToOneField(
        "discussions.Channel", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="council", verbose_name=_("channel"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen council")
        verbose_name_plural = _("citizen councils")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")), name="council_term_order"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("councils:detail", kwargs={"slug": self.slug})


class College(models.Model):
    """A group of seats: residents, local associations and actors..."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="colleges")
    name = models.CharField(_("name"), max_length=120)
    seats = models.PositiveSmallIntegerField(_("seats"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="college_unique_name"),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="college_has_seats"),
        ]

    def __str__(self):
        return self.name


class Characteristic(models.Model):
    """What quotas are set on: age band, gender, sub-area, and any other the
    council defines. `categories` lists its values, in order."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="characteristics")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=80)
    categories = models.JSONField(default=list)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "key"], name="characteristic_unique_key")
        ]

    def __str__(self):
        return self.label


class Candidate(models.Model):
    """A volunteer in the council's pool. Published only by `public_id`."""

    class Source(models.TextChoices):
        FORM = "form", _("volunteered on the site")
        IMPORT = "import", _("imported by an agent")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="candidates")
    public_id = models.CharField(max_length=12)
    name = NameField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    territory = models.CharField(_("territory"), max_length=200)
    # {characteristic key: category}
    characteristics = models.JSONField(default=dict)
    language = models.CharField(max_length=8, default="fr")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FORM)
    # The text agreed to: its version and fingerprint (councils/consent.py).
    consent_version = models.CharField(max_length=20)
    consent_fingerprint = models.CharField(max_length=64)
    consented_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Name, address and territory erased (councils/privacy_hooks.py): after
    # withdrawing, or once the council's term is over.
    erased_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="council_candidacies",
    )

    class Meta:
        ordering = ["public_id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "public_id"], name="candidate_unique_public_id"),
            models.UniqueConstraint(
                "council", models.functions.Lower("email"),
                condition=models.Q(withdrawn_at__isnull=True), name="candidate_unique_active_email",
            ),
        ]

    def __str__(self):
        return self.public_id


class Draw(models.Model):
    """A draw by lot, announced (seats, quotas, where the seed will come
    from), then its seed fixed, then run. Everything it needs to be re-run
    is kept on the row and published: the pool by pseudonymous id with its
    characteristics, the quotas, the seed, the algorithm and its version."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("announced")
        DONE = "done", _("drawn")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="draws")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="draws")
    seats = models.PositiveSmallIntegerField()
    # {characteristic key: {category: [min, max]}}
    quotas = models.JSONField(default=dict)
    seed_source = models.CharField(max_length=300)
    announced_at = models.DateTimeField()
    seed = models.CharField(max_length=200, blank=True)
    seed_fixed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ANNOUNCED)
    # [[public_id, {key: category}], ...] sorted by public_id, as drawn from.
    pool = models.JSONField(default=list)
    # The drawn public ids, sorted.
    result = models.JSONField(default=list)
    algorithm = models.CharField(max_length=80, blank=True)
    ran_at = models.DateTimeField(null=True, blank=True)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A replacement draw: the member whose seat it fills.
    replaces = models.OneToOneField(
        "Member", null=True, blank=True, on_delete=models.PROTECT, related_name="replacement"
    )
    # Each candidate's selection probability, estimated by re-running the
    # draw `probability_runs` times with the seeds "<seed>#0"… (services/
    # probabilities.py): [[public_id, probability], ...] sorted by public_id.
    probabilities = models.JSONField(default=list, blank=True)
    probability_runs = models.PositiveIntegerField(null=True, blank=True)
    probabilities_at = models.DateTimeField(null=True, blank=True)
    # When an agent asked for the estimate (a task computes it), and which
    # request the stored estimate answers (its asked time): asked again while
    # a task runs, the page waits for the task that answers the last request.
    probabilities_asked_at = models.DateTimeField(null=True, blank=True)
    probabilities_answer = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-announced_at", "-pk"]

    def __str__(self):
        return f"{self.council} #{self.pk}"

    def get_absolute_url(self):
        return reverse("councils:draw", kwargs={"slug": self.council.slug, "pk": self.pk})


class Member(models.Model):
    """A seat held: by choice (named by the agent) or by lot (a draw)."""

    class Mode(models.TextChoices):
        CHOICE = "choice", _("by choice")
        LOT = "lot", _("by lot")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="members")
    mode = models.CharField(max_length=8, choices=Mode.choices)
    name = NameField(max_length=120)
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="seats"
    )
    draw = models.ForeignKey(
        Draw, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    joined_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # The member's account, when they have one: their candidacy's, or the
    # account of the address they volunteered with (verified at sign-up), or
    # the one the agent named (councils.services.members_link_accounts).
    # What the council's channel, sessions' invitations and minutes go by.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="council_seats",
    )

    class Meta:
        ordering = ["college", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "candidate"], condition=models.Q(ended_at__isnull=True),
                name="member_one_active_seat",
            )
        ]

    def __str__(self):
        return self.name


class Session(models.Model):
    """A council's meeting: an event of the events app (no community: a
    site-wide event, public), with the council's agenda and, after, minutes."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sessions")
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE,
                                 related_name="council_session")
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    # Minutes are read by the council's members and agents; by everyone if
    # the agent chooses so.
    minutes_public = models.BooleanField(_("minutes public"), default=False)
    minutes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event__starts_at", "pk"]

    def __str__(self):
        return str(self.event)

    def get_absolute_url(self):
        return self.event.get_absolute_url()
