"""Who may do what in a community's channels, as django-rules predicates.

The object is a Community, a Channel or a Message depending on the rule.
The roles are `roles`' predicates asked of the object's community; they
cache per user object, so a long-lived consumer calls `roles.cache.forget(user)`
before asking again.
"""

import rules

from roles.predicates import can_animate, circle_of, is_member, via_community

from . import access


def _community(obj):
    """The community of a Community, Channel or Message."""
    if obj is None:
        return None
    if hasattr(obj, "channel_id"):  # a message
        obj = obj.channel
    if hasattr(obj, "community_id"):  # a channel
        obj = obj.community
    return obj


def _channel(obj):
    return obj.channel if hasattr(obj, "channel_id") else obj


# The community's gardeners, and site staff: they animate and moderate.
is_moderator = via_community(can_animate, _community, name="is_moderator")


def allowed_by_providers(user, channel) -> bool:
    """Whether no channel access provider refuses this person this channel
    (a working group's channel: only the group's members; discussions/access.py).

    Cached on the channel object (not on the user: a consumer keeps its user
    for the life of the socket but reloads the channel each time it
    re-checks, so the answer is never stale there).
    """
    cache = channel.__dict__.setdefault("_terreau_channel_access", {})
    if user.pk not in cache:
        cache[user.pk] = access.providers.may_read(user, channel)
    return cache[user.pk]


@rules.predicate
def is_in_channel_circle(user, obj):
    """In the channel's circle or closer, and let in by every channel access
    provider (a working group's channel: a member of the group, docs/workgroups.md)."""
    channel = _channel(obj)
    if channel is None:
        return False
    circle = circle_of(user, _community(channel))
    if circle is None or circle < channel.min_circle:
        return False
    return allowed_by_providers(user, channel)


is_member_of = via_community(is_member, _community, name="is_member_of")


@rules.predicate
def is_author(user, message):
    return message is not None and user.is_authenticated and message.author_id == user.pk


@rules.predicate
def is_archived(user, obj):
    channel = _channel(obj)
    return channel is not None and channel.archived_at is not None


can_see_channel = is_in_channel_circle | is_moderator
