"""Writes of organisations: create (its creator becomes admin), edit, verify
(an agent), add a member, link to and unlink from a community. Roles are not
checked here (organisations/rules.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.cache import forget
from terreau.slugs import save_under_free_slug

from .models import CommunityLink, Organisation, OrganisationMember

FIELDS = ("name", "kind", "siret", "rna", "territory", "latitude", "longitude", "description")


def organisation_create(*, creator, themes=(), **fields) -> Organisation:
    with transaction.atomic():
        organisation = Organisation(**{k: v for k, v in fields.items() if k in FIELDS})
        organisation.full_clean(exclude=["slug"])
        save_under_free_slug(organisation, organisation.name,
                             queryset=Organisation.objects.all(), max_length=160,
                             fallback="organisation")
        if themes:
            organisation.themes.set(list(themes))
        OrganisationMember.objects.create(
            organisation=organisation, user=creator, role=OrganisationMember.Role.ADMIN
        )
        forget(creator)
        return organisation


def organisation_update(*, organisation: Organisation, themes=None, **fields) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for key, value in fields.items():
            if key in FIELDS:
                setattr(organisation, key, value)
        organisation.full_clean()  # the slug stays: links keep working
        organisation.save()
        if themes is not None:
            organisation.themes.set(list(themes))
        return organisation


def organisation_verify(*, organisation: Organisation, agent) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if organisation.verified_at is not None:
            raise ValidationError(_("This organisation is already verified."), code="verified")
        organisation.verified_at = timezone.now()
        organisation.verified_by = agent
        organisation.save(update_fields=["verified_at", "verified_by"])
        return organisation


def member_add(*, organisation: Organisation, email: str,
               role: str = OrganisationMember.Role.MEMBER, actor=None) -> OrganisationMember:
    """Add someone with an active account, by their e-mail address.

    The organisation's row lock serialises two admins adding the same
    person at once: the second is told they are already a member.
    """
    with transaction.atomic():
        errors = {}
        if role not in OrganisationMember.Role.values:
            errors["role"] = ValidationError(_("Choose administrator or member."), code="bad_role")
        user = get_user_model().objects.filter(
            email__iexact=(email or "").strip(), is_active=True).first()
        if user is None:
            errors["email"] = ValidationError(
                _("Nobody has an account with this address."), code="unknown_person")
        if errors:
            raise ValidationError(errors)
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if OrganisationMember.objects.filter(organisation=organisation, user=user).exists():
            raise ValidationError({"email": ValidationError(
                _("This person is already a member."), code="already_member")})
        # No role cache to forget: `user` was just read, no request holds it.
        return OrganisationMember.objects.create(organisation=organisation, user=user, role=role)


def community_link(*, organisation: Organisation, community, actor=None) -> CommunityLink:
    """The organisation takes part in this community (shown on both pages)."""
    with transaction.atomic():
        # The organisation's row lock serialises two admins linking at once.
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if CommunityLink.objects.filter(organisation=organisation, community=community).exists():
            raise ValidationError({"community": ValidationError(
                _("The organisation is already linked to this community."),
                code="already_linked")})
        return CommunityLink.objects.create(organisation=organisation, community=community)


def community_unlink(*, organisation: Organisation, community, actor=None) -> None:
    with transaction.atomic():
        deleted, _rows = CommunityLink.objects.filter(
            organisation=organisation, community=community).delete()
        if not deleted:
            raise ValidationError(_("The organisation is not linked to this community."),
                                  code="not_linked")
