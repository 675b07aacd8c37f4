from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from terreau.fields import NameField

from .personal_data import FORMER_MEMBER_EMAIL, FORMER_MEMBER_LABEL


class UserManager(BaseUserManager):
    """Users are identified by their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Skill(TagBase):
    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class TaggedSkill(GenericTaggedItemBase):
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="items")


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = NameField(_("display name"), max_length=80)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
    )
    # Interests share the platform's tag vocabulary (the same as community
    # themes); skills have a vocabulary of their own.
    interests = TaggableManager(verbose_name=_("interests"), blank=True, related_name="+")
    skills = TaggableManager(
        verbose_name=_("skills"), through=TaggedSkill, blank=True, related_name="+"
    )
    # Set when the person asks to delete their account: it is erased after
    # this instant unless they cancel (privacy app, docs/privacy.md).
    erase_after = models.DateTimeField(_("to be erased after"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name"]

    def __str__(self):
        if self.email == FORMER_MEMBER_EMAIL:
            return str(FORMER_MEMBER_LABEL)  # in the reader's language
        return self.display_name or self.email

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)


class Consent(models.Model):
    """One consent a person gave, and its withdrawal: for what, about what
    (a community), when, and to which version of the text they were shown
    (accounts/consents.py holds the texts and writes these rows).

    A withdrawn consent stays, with its dates: it shows what was agreed to
    and when. Giving it again opens a new row.
    """

    class Purpose(models.TextChoices):
        LETTERS = "letters", _("newsletter")
        DIRECTORY = "directory", _("directory listing")
        MAP_POSITION = "map_position", _("position on the map")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # What the consent is about, as "<app>.<model>:<pk>" ("communities.community:3"),
    # and its name when the consent was given.
    scope = models.CharField(_("about"), max_length=80)
    scope_label = models.CharField(_("about (name)"), max_length=200, blank=True)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    text_version = models.CharField(_("version of the text"), max_length=20)
    # SHA-256 of the text's English source: which words were agreed to.
    text_hash = models.CharField(_("fingerprint of the text"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "scope"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_open_per_purpose_and_scope",
            ),
        ]
        indexes = [models.Index(fields=["user", "purpose"])]

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.scope_label or self.scope}"
