from django.urls import path

from . import views

app_name = "processes"

# Mounted at /processes/ (terreau/urls.py).
urlpatterns = [
    path("", views.ProcessListView.as_view(), name="list"),
    path("new/", views.ProcessCreateView.as_view(), name="create"),
    path("leads/", views.LeadsView.as_view(), name="leads"),
    path("leads/<int:pk>/revoke/", views.LeadRevokeView.as_view(), name="lead_revoke"),
    path("<slug:slug>/", views.ProcessDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.ProcessEditView.as_view(), name="edit"),
    path("<slug:slug>/phases/", views.PhasesView.as_view(), name="phases"),
    path("<slug:slug>/publish/", views.PublishView.as_view(), name="publish"),
    path("<slug:slug>/workshop/", views.WorkshopView.as_view(), name="workshop"),
    path("<slug:slug>/answers/", views.AnswersView.as_view(), name="answers"),
    path("<slug:slug>/commitments/new/", views.CommitmentView.as_view(), name="commitment_new"),
    path("<slug:slug>/commitments/<int:pk>/", views.CommitmentView.as_view(),
         name="commitment_edit"),
    path("<slug:slug>/proposals/new/", views.ProposalCreateView.as_view(), name="propose"),
    path("<slug:slug>/proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
    path("<slug:slug>/proposals/<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("<slug:slug>/proposals/<int:pk>/comment/", views.CommentView.as_view(), name="comment"),
    path("<slug:slug>/proposals/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("<slug:slug>/proposals/<int:pk>/hide/", views.HideView.as_view(), name="hide"),
]
