"""Pages and actions of the communities app (see base.py for the shared rules)."""

from .gardening import (
    ApproveRequestView,
    DeclineRequestView,
    MemberDetailView,
    MemberListView,
    MemberMoveView,
    MemberRemoveView,
    RequestListView,
)
from .membership import (
    FollowView,
    JoinView,
    LeaveView,
    MineView,
    RequestCircleView,
    UnfollowView,
    WithdrawRequestView,
)
from .public import CommunityDetailView, community_list

__all__ = [
    "ApproveRequestView",
    "CommunityDetailView",
    "DeclineRequestView",
    "FollowView",
    "JoinView",
    "LeaveView",
    "MemberDetailView",
    "MemberListView",
    "MemberMoveView",
    "MemberRemoveView",
    "MineView",
    "RequestCircleView",
    "RequestListView",
    "UnfollowView",
    "WithdrawRequestView",
    "community_list",
]
