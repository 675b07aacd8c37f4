from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

# The circles are roles (roles/circles.py); the memberships that hold them live here.
from roles.circles import Circle
from terreau.decisions import DecidedRequest
from terreau.fields import NameField


class Direction(models.Model):
    """A thematic department of the institution (agriculture, environment...).

    Its staff are the institution's agents: they may be appointed institution
    gardeners. The coordinating direction is the cultivator.
    """

    name = NameField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_coordinating = models.BooleanField(
        _("coordinating direction (cultivator)"),
        default=False,
        help_text=_("Its staff coordinate every gardener pair."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        related_name="directions",
        blank=True,
    )

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Community(models.Model):
    name = NameField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"))
    themes = TaggableManager(verbose_name=_("themes"), blank=True)
    territory = models.CharField(_("territory"), max_length=120)
    picture = models.ImageField(_("picture"), upload_to="communities/", blank=True)
    picture_alt = models.CharField(
        _("picture description"),
        max_length=200,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it."),
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        on_delete=models.PROTECT,
        related_name="communities",
    )
    how_to_join = models.TextField(
        _("how to join"),
        blank=True,
        help_text=_("What a newcomer should know: the rules, what each circle does."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person's place in one community: exactly one circle at a time."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    circle = models.PositiveSmallIntegerField(
        _("circle"), choices=Circle.choices, default=Circle.CITIZENS
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    last_active_at = models.DateTimeField(_("last activity"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"], name="membership_unique_per_community"
            ),
        ]
        indexes = [models.Index(fields=["community", "circle"])]

    def __str__(self):
        return f"{self.user} — {self.community} ({self.get_circle_display()})"


class CircleChange(models.Model):
    """One line of a member's history in a community. Never edited or deleted.

    Kept by (community, user) rather than by membership so that the history
    outlives a departure and a later return.
    """

    class Kind(models.TextChoices):
        JOINED = "joined", _("joined")
        MOVED = "moved", _("moved by a gardener")
        REQUEST_APPROVED = "request_approved", _("request approved")
        LEFT = "left", _("left")
        REMOVED = "removed", _("removed by a gardener")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="circle_changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_circle = models.PositiveSmallIntegerField(
        _("from"), choices=Circle.choices, null=True, blank=True
    )
    to_circle = models.PositiveSmallIntegerField(
        _("to"), choices=Circle.choices, null=True, blank=True
    )
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("circle change")
        verbose_name_plural = _("circle changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "user", "-created_at"])]


class CircleRequest(DecidedRequest):
    """A member asks to move inward (to informed or engaged)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="circle_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_requests"
    )
    circle = models.PositiveSmallIntegerField(_("requested circle"), choices=Circle.choices)
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    # decided_by, decided_at: DecidedRequest; decided through terreau.decisions.decide().

    class Meta:
        verbose_name = _("circle request")
        verbose_name_plural = _("circle requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="circle_request_one_pending",
            ),
        ]


class CommunityFollower(models.Model):
    """A signed-in person who is not a member follows a community: they hear of
    its events open to everyone (events/services/announcing.py) without taking
    a place in a circle. Joining the community ends the follow
    (communities.services.membership_join): a member already hears of them."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="followers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_communities"
    )
    created_at = models.DateTimeField(_("following since"), auto_now_add=True)

    class Meta:
        verbose_name = _("community follower")
        verbose_name_plural = _("community followers")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"], name="community_follower_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.community}"
