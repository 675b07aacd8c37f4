from django.urls import path

from . import views

app_name = "processes"

# Mounted at /processes/ (terreau/urls.py).
urlpatterns = [
    path("", views.ProcessListView.as_view(), name="list"),
    path("new/", views.ProcessCreateView.as_view(), name="create"),
    path("leads/", views.LeadsView.as_view(), name="leads"),
    path("leads/<int:pk>/revoke/", views.LeadRevokeView.as_view(), name="lead_revoke"),
    # From communities (issue #17, item 7): the region gardener refers (POST).
    path("refer/need/<int:pk>/", views.ReferNeedView.as_view(), name="refer_need"),
    path("refer/result/<int:pk>/", views.ReferResultView.as_view(), name="refer_result"),
    path("<slug:slug>/", views.ProcessDetailView.as_view(), name="detail"),
    path("<slug:slug>/map/", views.ProposalMapView.as_view(), name="map"),
    path("<slug:slug>/edit/", views.ProcessEditView.as_view(), name="edit"),
    path("<slug:slug>/phases/", views.PhasesView.as_view(), name="phases"),
    path("<slug:slug>/publish/", views.PublishView.as_view(), name="publish"),
    path("<slug:slug>/workshop/", views.WorkshopView.as_view(), name="workshop"),
    path("<slug:slug>/workshops/", views.WorkshopsView.as_view(), name="workshops"),
    path("<slug:slug>/facilitators/<int:pk>/revoke/", views.FacilitatorRevokeView.as_view(),
         name="facilitator_revoke"),
    path("<slug:slug>/documents/new/", views.DocumentCreateView.as_view(), name="document_new"),
    path("<slug:slug>/documents/<int:pk>/", views.DocumentDownloadView.as_view(),
         name="document"),
    path("<slug:slug>/answers/", views.AnswersView.as_view(), name="answers"),
    path("<slug:slug>/commitments/new/", views.CommitmentView.as_view(), name="commitment_new"),
    path("<slug:slug>/commitments/<int:pk>/", views.CommitmentView.as_view(),
         name="commitment_edit"),
    path("<slug:slug>/referrals/<int:pk>/answer/", views.ReferralAnswerView.as_view(),
         name="referral_answer"),
    # The citizen opinion (issue #17, items 4 and 5).
    path("<slug:slug>/opinion/", views.OpinionView.as_view(), name="opinion"),
    path("<slug:slug>/opinion/pdf/", views.OpinionPdfView.as_view(), name="opinion_pdf"),
    path("<slug:slug>/opinion/panel/", views.PanelView.as_view(), name="opinion_panel"),
    path("<slug:slug>/opinion/panel/<int:pk>/remove/", views.PanelMemberRemoveView.as_view(),
         name="panel_member_remove"),
    path("<slug:slug>/opinion/publish/", views.OpinionPublishView.as_view(),
         name="opinion_publish"),
    path("<slug:slug>/opinion/recommendations/new/", views.RecommendationCreateView.as_view(),
         name="recommendation_new"),
    path("<slug:slug>/opinion/recommendations/<int:pk>/", views.RecommendationEditView.as_view(),
         name="recommendation_edit"),
    path("<slug:slug>/opinion/recommendations/<int:pk>/decide/",
         views.RecommendationDecideView.as_view(), name="recommendation_decide"),
    path("<slug:slug>/opinion/recommendations/<int:pk>/answer/",
         views.RecommendationAnswerView.as_view(), name="recommendation_answer"),
    path("<slug:slug>/proposals/new/", views.ProposalCreateView.as_view(), name="propose"),
    path("<slug:slug>/proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
    path("<slug:slug>/proposals/<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("<slug:slug>/proposals/<int:pk>/comment/", views.CommentView.as_view(), name="comment"),
    path("<slug:slug>/proposals/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("<slug:slug>/proposals/<int:pk>/hide/", views.HideView.as_view(), name="hide"),
    path("<slug:slug>/proposals/<int:pk>/restore/", views.RestoreView.as_view(), name="restore"),
]
