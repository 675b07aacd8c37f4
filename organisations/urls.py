from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.MineView.as_view(), name="mine"),
    path("new/", views.CreateView.as_view(), name="create"),
    path("<slug:slug>/", views.DetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.EditView.as_view(), name="edit"),
    path("<slug:slug>/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path("<slug:slug>/communities/link/", views.CommunityLinkView.as_view(),
         name="community_link"),
    path("<slug:slug>/communities/<int:community>/unlink/", views.CommunityUnlinkView.as_view(),
         name="community_unlink"),
    path("<slug:slug>/verify/", views.VerifyView.as_view(), name="verify"),
]
