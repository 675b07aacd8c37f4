"""The directory's block on the profile page (its panel on a community's
home is directory/panels.py)."""

from django import template

from communities.models import Community

from .. import selectors

register = template.Library()


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
