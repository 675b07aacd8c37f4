"""Group members: adding, removing, leaving, and the end of a membership outside the
engaged circle."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Circle, Community, Membership
from discussions import broadcast
from notifications import services as notifications
from roles.cache import forget
from roles.selectors import gardeners_of
from terreau.decisions import decide_all

from ..models import GroupMember, JoinRequest, WorkingGroup
from ._common import (
    _check_open,
    _data,
    _locked_engaged_membership,
    _locked_group,
    _notify_membership,
)

# --- Members --------------------------------------------------------------------------


def _add(group: WorkingGroup, user, *, actor) -> GroupMember:
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(group=group, user=user, added_by=actor)
    except IntegrityError:
        raise ValidationError(
            _("%(person)s is already a member of “%(group)s”.")
            % {"person": user, "group": group.name},
            code="already_member",
        ) from None
    forget(user)
    return member


def member_add(*, group: WorkingGroup, user, actor) -> GroupMember:
    """The pair adds an engaged member; a pending request of theirs is answered by it."""
    with transaction.atomic():
        _locked_engaged_membership(community=group.community, user=user)
        group = _locked_group(group)
        _check_open(group)
        member = _add(group, user, actor=actor)
        decide_all(
            JoinRequest.objects.filter(group=group, user=user),
            status=JoinRequest.Status.APPROVED, actor=actor,
        )
        _notify_membership(group, user, actor=actor, change="added")
        return member


def _end(member: GroupMember, reason: str, *, user) -> None:
    """End the membership; `user` is the caller's object of the person, whose
    remembered roles are forgotten (a socket keeps it between questions)."""
    member.ended_at = timezone.now()
    member.end_reason = reason
    member.save(update_fields=["ended_at", "end_reason"])
    forget(user)


def _locked_active_member(group: WorkingGroup, user) -> GroupMember:
    member = (
        GroupMember.objects.select_for_update()
        .filter(group=group, user=user, ended_at__isnull=True)
        .first()
    )
    if member is None:
        raise ValidationError(
            _("%(person)s is not a member of “%(group)s”.")
            % {"person": user, "group": group.name},
            code="not_member",
        )
    return member


def member_remove(*, group: WorkingGroup, user, actor) -> GroupMember:
    """The pair removes a member; their sockets on the group's channel close."""
    with transaction.atomic():
        group = _locked_group(group)
        _check_open(group)
        member = _locked_active_member(group, user)
        _end(member, GroupMember.EndReason.REMOVED, user=user)
        _notify_membership(group, user, actor=actor, change="removed")
        broadcast.membership_changed(group.community_id, user.pk)
        return member


def group_leave(*, group: WorkingGroup, user) -> GroupMember:
    """A member leaves the group; the pair is told."""
    with transaction.atomic():
        group = _locked_group(group)
        _check_open(group)
        member = _locked_active_member(group, user)
        _end(member, GroupMember.EndReason.LEFT, user=user)
        notifications.notify(
            gardeners_of(group.community), "group_membership", actor=user,
            community=group.community, url=group.get_absolute_url(),
            data=_data(group, change="left", person=str(user)),
        )
        broadcast.membership_changed(group.community_id, user.pk)
        return member


def memberships_end_outside_engaged(*, community: Community, user, actor=None) -> int:
    """Someone who is no longer in the engaged circle leaves every group of the community.

    Called by the membership lifecycle hook (workgroups/hooks.py) inside a
    move's, a removal's or a departure's transaction (which holds the
    membership lock). A no-op for someone still engaged. Returns how many
    groups they left. The discussions hook's `broadcast.membership_changed`,
    after commit, closes their sockets on the groups' channels.
    """
    with transaction.atomic():
        circle = (
            Membership.objects.filter(community=community, user=user)
            .values_list("circle", flat=True)
            .first()
        )
        if circle == Circle.ENGAGED:
            return 0
        members = list(
            GroupMember.objects.select_for_update(of=("self",))
            .filter(group__community=community, user=user, ended_at__isnull=True)
            .select_related("group__community")
        )
        now = timezone.now()
        for member in members:
            member.ended_at = now
            member.end_reason = GroupMember.EndReason.LEFT_CIRCLE
            member.save(update_fields=["ended_at", "end_reason"])
            if member.group.archived_at is None:
                _notify_membership(member.group, user, actor=actor, change="left_circle")
        decide_all(
            JoinRequest.objects.filter(group__community=community, user=user),
            status=JoinRequest.Status.WITHDRAWN, actor=actor, at=now,
        )
        forget(user)
        return len(members)
