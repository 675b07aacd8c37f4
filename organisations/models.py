"""Organisations: associations, collectives, companies and public bodies,
with their members (admin or member). A person can belong to several."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from terreau.fields import NameField

from .validators import validate_rna, validate_siret


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        COLLECTIVE = "collective", _("Collective")
        COMPANY = "company", _("Company")
        PUBLIC_BODY = "public_body", _("Public body")

    name = NameField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    rna = models.CharField(_("RNA number"), max_length=10, blank=True, validators=[validate_rna])
    territory = models.CharField(_("territory"), max_length=160, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Its place on the maps (the funded projects' map), both or neither; five
    # decimals, about a metre: an organisation's address is public.
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True,
                                   blank=True, validators=[MinValueValidator(-90),
                                                           MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True,
                                    blank=True, validators=[MinValueValidator(-180),
                                                            MaxValueValidator(180)])
    themes = TaggableManager(verbose_name=_("themes"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True, longitude__isnull=True)
                           | models.Q(latitude__isnull=False, longitude__isnull=False,
                                      latitude__gte=-90, latitude__lte=90,
                                      longitude__gte=-180, longitude__lte=180)),
                name="organisation_place_both_or_neither",
                # The ranges are the fields' own validators (a field in error is
                # not checked here again); what is left is one coordinate alone.
                violation_error_message=_(
                    "Give both the latitude and the longitude of the place, or neither."),
                violation_error_code="place_incomplete",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class OrganisationMember(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="members",
        verbose_name=_("organisation"),
    )
    # `organisation_memberships` is read by roles.predicates (the ground floor).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
        related_name="organisation_memberships", verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org"),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation}"


class CommunityLink(models.Model):
    """An organisation takes part in a community: linked and unlinked by its
    admins, shown on its profile and in the community's "Organisations here"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="community_links",
        verbose_name=_("organisation"),
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="organisation_links",
        verbose_name=_("community"),
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("link to a community")
        verbose_name_plural = _("links to communities")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "community"],
                                    name="one_link_per_org_and_community"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.community}"
