"""Reads of the working groups, each in a fixed number of queries.

Tests pin the counts at two sizes of data (tests/workgroups/test_queries.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from communities.models import Circle, Membership

from . import meetings
from .models import Decision, GroupMember, JoinRequest, WorkingGroup

SEARCH_LIMIT = 30
DECISIONS_SHOWN = 50


def _with_counts(qs: QuerySet[WorkingGroup]) -> QuerySet[WorkingGroup]:
    return qs.annotate(
        member_count=Count("members", filter=Q(members__ended_at__isnull=True), distinct=True),
        pending_count=Count(
            "join_requests",
            filter=Q(join_requests__status=JoinRequest.Status.PENDING),
            distinct=True,
        ),
    )


@dataclass
class GroupLists:
    active: list = field(default_factory=list)
    archived: list = field(default_factory=list)


def community_groups(*, community) -> GroupLists:
    """The community's groups with their member counts: one query."""
    groups = _with_counts(WorkingGroup.objects.filter(community=community)).order_by(
        "name", "pk"
    )
    lists = GroupLists()
    for group in groups:
        group.community = community
        (lists.archived if group.archived_at else lists.active).append(group)
    return lists


@dataclass
class GroupPage:
    members: list
    decisions: list
    next_meeting: meetings.Meeting | None
    pending_count: int


def next_meeting(*, group: WorkingGroup) -> meetings.Meeting | None:
    """The group's next meeting, from the apps that hold meetings (events:
    its next published event that has not ended): workgroups/meetings.py."""
    return meetings.sources.next_meeting(group)


def group_page(*, group: WorkingGroup) -> GroupPage:
    """Members, the decision log, the next meeting, pending requests: four queries."""
    members = list(
        GroupMember.objects.filter(group=group, ended_at__isnull=True)
        .select_related("user")
        .order_by("joined_at", "pk")
    )
    decisions = list(
        Decision.objects.filter(group=group).select_related("recorded_by")[:DECISIONS_SHOWN]
    )
    pending = JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING).count()
    return GroupPage(
        members=members, decisions=decisions, next_meeting=next_meeting(group=group),
        pending_count=pending,
    )


def pending_request(*, group: WorkingGroup, user) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).first()


def pending_requests(*, group: WorkingGroup) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        group=group, status=JoinRequest.Status.PENDING
    ).select_related("user")


def addable_members(*, group: WorkingGroup, query: str = "") -> list:
    """Engaged members of the community not in the group yet, found by name,
    e-mail or organisation: one query, at most SEARCH_LIMIT people."""
    memberships = Membership.objects.filter(
        community_id=group.community_id, circle=Circle.ENGAGED
    ).exclude(
        user__in=GroupMember.objects.filter(group=group, ended_at__isnull=True).values("user")
    )
    query = (query or "").strip()
    if query:
        memberships = memberships.filter(
            Q(user__display_name__icontains=query)
            | Q(user__email__icontains=query)
            | Q(user__organisation__icontains=query)
        )
    return [
        m.user
        for m in memberships.select_related("user").order_by("user__display_name", "user__pk")[
            :SEARCH_LIMIT
        ]
    ]
