"""Reads of organisations."""

from communities.models import Community

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


def communities_of(organisation: Organisation):
    """The communities the organisation takes part in (its profile), one query."""
    return Community.objects.filter(organisation_links__organisation=organisation).order_by("name")


def communities_to_link(organisation: Organisation):
    """The communities it may still be linked to (the admins' choice)."""
    return Community.objects.exclude(organisation_links__organisation=organisation).order_by("name")


def located_in(community, *, q: str = "", territory: str = ""):
    """The organisations linked to a community that have a place, for the
    directory's map: one query. `q` matches the name, `territory` the
    territory (the directory's own filters)."""
    qs = organisations_in(community).filter(latitude__isnull=False, longitude__isnull=False)
    if q:
        qs = qs.filter(name__icontains=q)
    if territory:
        qs = qs.filter(territory__iexact=territory)
    return qs.only("name", "slug", "kind", "territory", "latitude", "longitude")


def organisations_in(community):
    """The organisations linked to a community ("Organisations here"), one query."""
    return Organisation.objects.filter(community_links__community=community).order_by("name")
