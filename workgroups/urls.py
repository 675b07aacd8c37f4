from django.urls import path

from . import views

app_name = "workgroups"

# Mounted at /communities/<slug>/groups/ (terreau/urls.py).
urlpatterns = [
    path("", views.GroupListView.as_view(), name="list"),
    path("new/", views.GroupCreateView.as_view(), name="create"),
    path("<slug:group_slug>/", views.GroupDetailView.as_view(), name="detail"),
    path("<slug:group_slug>/edit/", views.GroupUpdateView.as_view(), name="update"),
    path("<slug:group_slug>/archive/", views.GroupArchiveView.as_view(), name="archive"),
    path("<slug:group_slug>/members/", views.MembersView.as_view(), name="members"),
    path("<slug:group_slug>/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path(
        "<slug:group_slug>/members/remove/", views.MemberRemoveView.as_view(), name="member_remove"
    ),
    path("<slug:group_slug>/leave/", views.LeaveView.as_view(), name="leave"),
    path("<slug:group_slug>/join/", views.JoinRequestView.as_view(), name="request_join"),
    path("<slug:group_slug>/requests/", views.RequestsView.as_view(), name="requests"),
    path(
        "<slug:group_slug>/requests/<int:request_id>/approve/",
        views.RequestDecideView.as_view(), {"decision": "approve"}, name="request_approve",
    ),
    path(
        "<slug:group_slug>/requests/<int:request_id>/decline/",
        views.RequestDecideView.as_view(), {"decision": "decline"}, name="request_decline",
    ),
    path("<slug:group_slug>/decisions/", views.DecisionAddView.as_view(), name="decision_add"),
]
