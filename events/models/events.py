"""Events, registrations to them, and the calendar feeds' secret tokens.

Seats are counted on the event row itself (`confirmed_count`), changed only
by services that hold a row lock on the event, and bounded by a database
check constraint: a seat can never be sold twice, whatever the concurrency.
"""

import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Circle


def new_uid() -> str:
    # RFC 5545 UID: globally unique, never changes for the life of the event.
    return f"{uuid.uuid4()}@terreau"


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class Event(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid (in person and online)")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("everyone")
        CIRCLES = "circles", _("chosen circles of the community")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Empty for an institution-wide event."),
    )
    # A meeting of one of the community's working groups (workgroups/).
    working_group = models.ForeignKey(
        "workgroups.WorkingGroup",
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="organised_events",
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"))
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", choices=time_zone_choices
    )
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON
    )
    address = models.TextField(_("address"), blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to people registered for the event."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for unlimited seats.")
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True,
        help_text=_("Empty: as soon as the event is published."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True,
        help_text=_("Empty: when the event starts."),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    # The circles an event restricted to "chosen circles" is open to. Three
    # flags rather than a list: they read plainly in the admin and filter in
    # one query on every database.
    for_citizens = models.BooleanField(_("citizens circle"), default=False)
    for_informed = models.BooleanField(_("informed circle"), default=False)
    for_engaged = models.BooleanField(_("engaged circle"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    uid = models.CharField(
        _("calendar UID"), max_length=80, unique=True, default=new_uid, editable=False
    )
    sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, editable=False,
        help_text=_("Bumped on every change calendars must pick up."),
    )
    # Counters kept under the event's row lock (see services).
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    waiting_count = models.PositiveIntegerField(_("waiting"), default=0, editable=False)
    next_waiting_position = models.PositiveIntegerField(default=1, editable=False)
    checked_in_count = models.PositiveIntegerField(_("attendance"), default=0, editable=False)

    cancellation_reason = models.TextField(_("why it is cancelled"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    # The report published after the event ("rendre compte").
    report_summary = models.TextField(_("what happened"), blank=True)
    report_attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    report_follow_ups = models.TextField(_("follow-ups"), blank=True)
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            # The last line of defence against overselling.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="event_never_oversold",
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk})

    # --- plain facts, no queries --------------------------------------------
    @property
    def circles(self) -> set[int]:
        """The circles a restricted event is open to."""
        chosen = set()
        if self.for_citizens:
            chosen.add(Circle.CITIZENS)
        if self.for_informed:
            chosen.add(Circle.INFORMED)
        if self.for_engaged:
            chosen.add(Circle.ENGAGED)
        return chosen

    def circle_labels(self) -> list[str]:
        return [Circle(c).label for c in sorted(self.circles)]

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    @property
    def has_place(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def has_link(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.get_default_timezone()

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity

    def registration_window(self):
        opens = self.registration_opens_at or self.published_at
        closes = self.registration_closes_at or self.starts_at
        return opens, min(closes, self.starts_at)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if not self.is_published:
            return False
        opens, closes = self.registration_window()
        return (opens is None or opens <= now) and now < closes

    def is_over(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending_confirmation", _("waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    LIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    waiting_position = models.PositiveIntegerField(
        _("place in the waiting list"), null=True, blank=True
    )
    code = models.CharField(_("code"), max_length=12, unique=True)
    # Random secret bound into every signed link (confirm, cancel, view);
    # signing alone proves the link was ours, the secret ties it to this row.
    secret = models.CharField(max_length=40, editable=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="registration_one_live_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_live_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "waiting_position"],
                condition=Q(status="waiting"),
                name="registration_distinct_waiting_positions",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_position__isnull=False)
                | (~Q(status="waiting") & Q(waiting_position__isnull=True)),
                name="registration_position_only_when_waiting",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "waiting_position"])]

    def __str__(self):
        return f"{self.name} — {self.event}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class CalendarToken(models.Model):
    """The secret in a person's private "my events" feed address.

    Kept here rather than on the user: it belongs to the events app, and
    resetting it (a new row value) invalidates the old address at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
