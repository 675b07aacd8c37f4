"""What workgroups plugs into the lower apps, registered from `WorkgroupsConfig.ready()`:

- a membership lifecycle hook (communities/lifecycle.py): someone who leaves
  the engaged circle (moved out, left, removed) leaves the community's
  working groups, inside the same transaction as the change;
- a channel access provider (discussions/access.py): a group's channel is
  read by the group's active members only (the moderators aside).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from communities import lifecycle
from communities.lifecycle import Change, MembershipEvent, Phase
from communities.models import Circle
from discussions import access

from . import services
from .models import GroupMember, WorkingGroup


def end_groups_outside_engaged(event: MembershipEvent) -> None:
    if event.leaves(Circle.ENGAGED):
        services.memberships_end_outside_engaged(
            community=event.community, user=event.user, actor=event.actor
        )


class GroupChannelAccess:
    """A working group's channel: its active members only."""

    name = "workgroups.group_channel"

    def may_read(self, user, channel) -> bool | None:
        # One query: None when no group owns the channel.
        active = GroupMember.objects.filter(
            group=OuterRef("pk"), user_id=user.pk, ended_at__isnull=True
        )
        return (
            WorkingGroup.objects.filter(channel_id=channel.pk)
            .annotate(is_member=Exists(active))
            .values_list("is_member", flat=True)
            .first()
        )

    def readable_channels(self, user) -> Q:
        in_group = GroupMember.objects.filter(
            group__channel=OuterRef("pk"), user_id=user.pk, ended_at__isnull=True
        )
        return Q(working_group__isnull=True) | Q(Exists(in_group))

    def readers(self, channel) -> Q:
        in_group = GroupMember.objects.filter(
            group__channel_id=channel.pk, ended_at__isnull=True, user=OuterRef("user_id")
        )
        return Q(~Exists(WorkingGroup.objects.filter(channel_id=channel.pk))) | Q(
            Exists(in_group)
        )


def register() -> None:
    lifecycle.hooks.register(
        end_groups_outside_engaged,
        name="workgroups.end_groups_outside_engaged",
        on={Change.MOVED, Change.LEFT, Change.REMOVED},
        phase=Phase.IN_TRANSACTION,
    )
    access.providers.register(GroupChannelAccess())
