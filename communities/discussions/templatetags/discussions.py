"""`{% channels_nav community %}`: the community's channels with unread counts.

For the community page's navigation (owned by the communities templates):
    {% load discussions %}{% channels_nav community %}
Renders nothing for someone who may not see the channels.
"""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("discussions/_nav.html", takes_context=True)
def channels_nav(context, community):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("discussions.view_channels", community):
        return {"visible": False}
    channels = selectors.channels_with_unread(user=user, community=community)
    return {
        "visible": True,
        "community": community,
        "channels": [c for c in channels if c.archived_at is None],
    }
