"""Who someone is in a working group, as django-rules predicates.

The object is a WorkingGroup (or a Community for the community-wide rules).
A person's active groups are read once per user object and cached on it,
like the circles in communities.predicates; the services that change a
membership call `forget(user)`.
"""

import rules

from communities.predicates import circle_of, is_member, is_site_staff
from communities.models import Circle
from gardeners.predicates import is_cultivator, is_gardener_of

from .models import GroupMember, WorkingGroup


def group_ids(user) -> set[int]:
    """The groups this person is an active member of (cached per user object)."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_terreau_groups", None)
    if cache is None:
        cache = set(
            GroupMember.objects.filter(user=user, ended_at__isnull=True).values_list(
                "group_id", flat=True
            )
        )
        user._terreau_groups = cache
    return cache


def forget(user) -> None:
    if hasattr(user, "_terreau_groups"):
        del user._terreau_groups


def _community(obj):
    return obj.community if isinstance(obj, WorkingGroup) else obj


@rules.predicate
def is_group_member(user, group):
    return group is not None and group.pk in group_ids(user)


@rules.predicate
def is_community_member(user, obj):
    return is_member(user, _community(obj))


@rules.predicate
def is_engaged_member(user, obj):
    return circle_of(user, _community(obj)) == Circle.ENGAGED


@rules.predicate
def is_pair(user, obj):
    """A gardener of the group's community, or site staff: they animate groups."""
    return is_site_staff(user) or is_gardener_of(user, _community(obj))


@rules.predicate
def is_cultivator_of(user, obj):
    return is_cultivator(user)


@rules.predicate
def is_archived(user, group):
    return group is not None and group.archived_at is not None
