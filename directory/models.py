from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community


class DirectoryEntry(models.Model):
    """A member's consent to appear in one community's actor directory.

    Name, organisation, skills and interests are read from the person's
    profile, so the directory is never out of date with it. What belongs to
    the entry is what a person may want to say in one community only: where
    they act (territory), an optional location, and whether their e-mail
    address is shown. The location is stored already rounded (three
    decimals, about 100 m), so a precise address never reaches the database.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_entries"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="directory_entries"
    )
    territory = models.CharField(
        _("territory"),
        max_length=120,
        blank=True,
        help_text=_("Where you act: a commune, a neighbourhood, a valley..."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    show_email = models.BooleanField(
        _("show my e-mail address"),
        default=False,
        help_text=_("Members of the community then see a link to write to you."),
    )
    listed_at = models.DateTimeField(_("listed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"], name="directory_entry_unique_per_community"
            ),
            models.CheckConstraint(
                condition=(
                    Q(latitude__isnull=True, longitude__isnull=True)
                    | Q(
                        latitude__gte=-90, latitude__lte=90,
                        longitude__gte=-180, longitude__lte=180,
                    )
                ),
                name="directory_entry_location_complete_and_in_range",
            ),
        ]
        indexes = [models.Index(fields=["community", "territory"])]

    def __str__(self):
        return f"{self.user} — {self.community}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None
