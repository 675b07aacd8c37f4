"""The gardener pair: the one role stored by this app.

The table keeps its first name (`gardeners_gardenerpair`): the model moved
here from `gardeners` without touching the data (migrations
gardeners.0002 and roles.0001).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PairQuerySet(models.QuerySet):
    def active(self):
        """The pairs in office: at most one per community."""
        return self.filter(ended_at__isnull=True)

    def ended(self):
        return self.filter(ended_at__isnull=False)

    def with_person(self, user):
        """The pairs in which this person holds either role."""
        return self.filter(Q(territory_gardener=user) | Q(institution_gardener=user))


class GardenerPair(models.Model):
    """The two people who tend a community.

    At most one active pair per community (ended_at is null); past pairs are
    kept as the community's history. A role may be vacant (null): the
    community page then says so rather than hiding it.
    """

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="gardener_pairs",
    )
    territory_gardener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("territory gardener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    institution_gardener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("institution gardener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    direction = models.ForeignKey(
        "communities.Direction",
        verbose_name=_("direction of the institution gardener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gardener_pairs",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("since"), auto_now_add=True)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        db_table = "gardeners_gardenerpair"
        verbose_name = _("gardener pair")
        verbose_name_plural = _("gardener pairs")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(ended_at__isnull=True),
                name="gardener_pair_one_active_per_community",
            ),
        ]

    def __str__(self):
        return f"{self.community}: {self.territory_gardener} / {self.institution_gardener}"

    @property
    def is_active(self):
        return self.ended_at is None

    @property
    def is_complete(self):
        return self.territory_gardener_id is not None and self.institution_gardener_id is not None

    def gardener_ids(self):
        return {i for i in (self.territory_gardener_id, self.institution_gardener_id) if i}

    def gardeners(self) -> list:
        """The people holding the pair's two roles (vacant ones left out)."""
        return [u for u in (self.territory_gardener, self.institution_gardener) if u is not None]


class ContributorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ContributorInvitation(models.Model):
    """A community's pair invites the cultivator to work with them.

    Without one, the cultivator coaches (reads, advises in the coaching
    thread) but does not write the community's letters, settings, story or
    members (issue #16). The pair may revoke it; a revoked invitation stays
    as history. At most one active per (community, person).
    """

    community = models.ForeignKey(
        "communities.Community", verbose_name=_("community"), on_delete=models.CASCADE,
        related_name="contributor_invitations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contributor"), on_delete=models.CASCADE,
        related_name="contributor_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = ContributorQuerySet.as_manager()

    class Meta:
        verbose_name = _("contributor invitation")
        verbose_name_plural = _("contributor invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=Q(revoked_at__isnull=True),
                name="contributor_one_active_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.community}: {self.person}"


class ElectedOfficial(models.Model):
    """A person marked as an elected official, linked to communities.

    They follow those communities, appear in their "who meets here" block,
    may be invited to events as such and receive a monthly digest. Marked
    by site staff or the cultivator (roles.predicates.can_mark_elected).
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="elected_office",
    )
    mandate = models.CharField(_("mandate"), max_length=200, blank=True)
    communities = models.ManyToManyField(
        "communities.Community", verbose_name=_("communities"), related_name="elected_officials",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The first day of the month of the last digest sent: never twice a month.
    last_digest_month = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("elected official")
        verbose_name_plural = _("elected officials")
        ordering = ["person__display_name", "pk"]

    def __str__(self):
        return str(self.person)
