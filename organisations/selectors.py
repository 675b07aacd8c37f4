"""Reads of organisations."""

from .models import Organisation, OrganisationMember


def organisation_page(slug: str) -> Organisation:
    return (Organisation.objects.select_related("verified_by").prefetch_related("themes")
            .get(slug=slug))


def members_of(organisation: Organisation):
    return organisation.members.select_related("user").order_by("role", "user__display_name")


def organisations_of(user):
    """The organisations a person belongs to (for "My organisations")."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user).distinct()


def administered_by(user):
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(members__user=user, members__role="admin").distinct()


def member_ids_with_themes(tag_ids):
    """The people who are members of an organisation carrying one of these
    themes (a subquery of user ids: the watch on other calls, calls/watch/)."""
    return OrganisationMember.objects.filter(
        organisation__themes__in=list(tag_ids)).values("user_id")
