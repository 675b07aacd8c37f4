"""`{% community_needs community as block %}`: the needs on a community's page.

Used by needs/_community_block.html; gives None to someone who may not read
the community's items, so the block renders nothing for them.
"""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def community_needs(context, community):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("needs.view_needs", community):
        return None
    return {
        "items": selectors.community_block_items(community),
        "can_add": user.has_perm("needs.add_need", community),
        "can_board": user.has_perm("needs.view_board", community),
    }


@register.filter
def need_status(key):
    """`{{ "discussed"|need_status }}` → "Being discussed", in the reader's language.

    For other apps showing `selectors.pipeline_counts` (whose keys are statuses).
    """
    from ..models import Status

    try:
        return Status(key).label
    except ValueError:
        return key
