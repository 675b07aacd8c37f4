"""`{% community_groups_block community %}`: the working groups on a community's page.

Used by workgroups/_community_block.html; renders nothing for someone who
may not see the groups.
"""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def community_groups(context, community):
    """The community's active groups for the person reading, or None if they may not see them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("workgroups.view_groups", community):
        return None
    return selectors.community_groups(community=community).active
