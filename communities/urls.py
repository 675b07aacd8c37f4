from django.urls import path

from . import views

app_name = "communities"

# "mine/" comes before the community slugs; services.RESERVED_COMMUNITY_SLUGS
# keeps a community from ever being named so.
urlpatterns = [
    path("", views.community_list, name="list"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("<slug:slug>/", views.CommunityDetailView.as_view(), name="detail"),
    # The member's own actions.
    path("<slug:slug>/join/", views.JoinView.as_view(), name="join"),
    path("<slug:slug>/leave/", views.LeaveView.as_view(), name="leave"),
    path("<slug:slug>/follow/", views.FollowView.as_view(), name="follow"),
    path("<slug:slug>/unfollow/", views.UnfollowView.as_view(), name="unfollow"),
    path("<slug:slug>/request/", views.RequestCircleView.as_view(), name="request_circle"),
    path(
        "<slug:slug>/requests/<int:request_id>/withdraw/",
        views.WithdrawRequestView.as_view(),
        name="withdraw_request",
    ),
    # Gardeners.
    path("<slug:slug>/members/", views.MemberListView.as_view(), name="members"),
    path("<slug:slug>/members/<int:user_id>/", views.MemberDetailView.as_view(), name="member"),
    path(
        "<slug:slug>/members/<int:user_id>/move/",
        views.MemberMoveView.as_view(),
        name="member_move",
    ),
    path(
        "<slug:slug>/members/<int:user_id>/remove/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("<slug:slug>/requests/", views.RequestListView.as_view(), name="requests"),
    path(
        "<slug:slug>/requests/<int:request_id>/approve/",
        views.ApproveRequestView.as_view(),
        name="approve_request",
    ),
    path(
        "<slug:slug>/requests/<int:request_id>/decline/",
        views.DeclineRequestView.as_view(),
        name="decline_request",
    ),
]
