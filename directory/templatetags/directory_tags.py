"""The directory's blocks on pages of other apps (community page, profile)."""

from django import template

from communities.models import Community

from .. import selectors

register = template.Library()


@register.simple_tag
def directory_summary(community, user) -> dict:
    """Who may see and join the directory, how many are listed, and the viewer's entry.

    Two queries at most (the count and the viewer's entry) besides the
    predicates' cached ones; none of them for someone who may not see it.
    """
    can_view = user.has_perm("directory.view_directory", community)
    can_list = user.has_perm("directory.list_self", community)
    return {
        "can_view": can_view,
        "can_list": can_list,
        "count": selectors.listed_count(community) if can_view else 0,
        "entry": selectors.entry_of(user, community) if can_list else None,
    }


@register.simple_tag
def directory_listings(user) -> list:
    """[(community, entry or None)] for every community the person belongs to."""
    if not user.is_authenticated:
        return []
    entries = selectors.entries_of(user)
    communities = Community.objects.filter(memberships__user=user).order_by("name").only(
        "name", "slug"
    )
    return [(community, entries.get(community.pk)) for community in communities]
