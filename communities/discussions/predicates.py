"""Who may do what in a community's channels, as django-rules predicates.

The object is a Community, a Channel or a Message depending on the rule.
Circles and gardening rights come from communities.predicates and
gardeners.predicates, which cache per user object: a long-lived consumer
calls `communities.predicates.forget(user)` before asking again.
"""

import rules

from communities.predicates import circle_of, is_member, is_site_staff
from gardeners.predicates import is_gardener_of


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


@rules.predicate
def is_moderator(user, obj):
    """The community's gardeners, and site staff: they animate and moderate."""
    return is_site_staff(user) or is_gardener_of(user, _community(obj))


def in_working_group(user, channel) -> bool | None:
    """None if the channel is no working group's; else whether the person is
    an active member of that group.

    One query, cached on the channel object (not on the user: a consumer
    keeps its user for the life of the socket but reloads the channel each
    time it re-checks, so the answer is never stale there).
    """
    cache = channel.__dict__.setdefault("_terreau_group_access", {})
    if user.pk not in cache:
        from django.db.models import Exists, OuterRef

        from workgroups.models import GroupMember, WorkingGroup

        active = GroupMember.objects.filter(
            group=OuterRef("pk"), user_id=user.pk, ended_at__isnull=True
        )
        cache[user.pk] = (
            WorkingGroup.objects.filter(channel_id=channel.pk)
            .annotate(is_member=Exists(active))
            .values_list("is_member", flat=True)
            .first()
        )
    return cache[user.pk]


@rules.predicate
def is_in_channel_circle(user, obj):
    """In the channel's circle or closer; for a working group's channel, a
    member of the group (docs/workgroups.md)."""
    channel = _channel(obj)
    if channel is None:
        return False
    circle = circle_of(user, _community(channel))
    if circle is None or circle < channel.min_circle:
        return False
    return in_working_group(user, channel) is not False


@rules.predicate
def is_member_of(user, obj):
    return is_member(user, _community(obj))


@rules.predicate
def is_author(user, message):
    return message is not None and user.is_authenticated and message.author_id == user.pk


@rules.predicate
def is_archived(user, obj):
    channel = _channel(obj)
    return channel is not None and channel.archived_at is not None


can_see_channel = is_in_channel_circle | is_moderator
