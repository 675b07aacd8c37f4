from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoleGroup(models.Model):
    """The marker of a Wagtail group whose members are derived from a role.

    cms/role_groups.py owns these groups: it adds the people who hold the
    role and removes those who no longer do. A group without this marker is
    an admin's, and the sync never touches its members.
    """

    class Role(models.TextChoices):
        CULTIVATOR = "cultivator", _("cultivator")
        GARDENERS = "gardeners", _("gardeners of a community")

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="role_derivation"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Null for the cultivator; for a community's gardeners, null once the
    # community is deleted: the next sync then empties and deletes the group.
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("role-derived group")
        verbose_name_plural = _("role-derived groups")
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="cultivator"),
                name="role_group_one_cultivator_group",
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(role="gardeners", community__isnull=False),
                name="role_group_one_gardeners_group_per_community",
            ),
        ]

    def __str__(self):
        return str(self.group)
