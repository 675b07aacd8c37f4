"""Who someone is in a working group, as django-rules predicates.

The object is a WorkingGroup (or a Community for the community-wide rules).
The roles (member, engaged, gardener of the community) are `roles`'
predicates asked of the group's community. A person's active groups are one
more fact of the per-request role cache (`roles.cache`): read once per user
object, dropped by the same `forget(user)` the services call.
"""

import rules

from roles.cache import remembered
from roles.predicates import can_animate, is_engaged, is_member, via_community

from .models import GroupMember, WorkingGroup


def group_ids(user) -> set[int]:
    """The groups this person is an active member of (cached per user object)."""
    if not user.is_authenticated:
        return set()
    return remembered(
        user,
        "workgroups.groups",
        lambda: set(
            GroupMember.objects.filter(user=user, ended_at__isnull=True).values_list(
                "group_id", flat=True
            )
        ),
    )


def _community(obj):
    return obj.community if isinstance(obj, WorkingGroup) else obj


@rules.predicate
def is_group_member(user, group):
    return group is not None and group.pk in group_ids(user)


is_community_member = via_community(is_member, _community, name="is_community_member")
is_engaged_member = via_community(is_engaged, _community, name="is_engaged_member")
# A gardener of the group's community, or site staff: they animate groups.
is_pair = via_community(can_animate, _community, name="is_pair")


@rules.predicate
def is_archived(user, group):
    return group is not None and group.archived_at is not None
