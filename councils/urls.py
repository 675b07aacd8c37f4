from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("", views.CouncilListView.as_view(), name="list"),
    path("new/", views.CouncilCreateView.as_view(), name="create"),
    path("candidacies/<int:pk>/withdraw/", views.CandidacyWithdrawView.as_view(),
         name="candidacy_withdraw"),
    path("withdraw/<str:token>/", views.WithdrawView.as_view(), name="withdraw"),
    path("<slug:slug>/", views.CouncilDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.CouncilEditView.as_view(), name="edit"),
    path("<slug:slug>/volunteer/", views.VolunteerView.as_view(), name="volunteer"),
    path("<slug:slug>/manage/", views.ManageView.as_view(), name="manage"),
    path("<slug:slug>/import/", views.ImportView.as_view(), name="import"),
    path("<slug:slug>/import/template.csv", views.ImportTemplateView.as_view(),
         {"extension": "csv"}, name="import_template"),
    path("<slug:slug>/import/template.xlsx", views.ImportTemplateView.as_view(),
         {"extension": "xlsx"}, name="import_template_xlsx"),
    path("<slug:slug>/members/new/", views.AppointView.as_view(), name="appoint"),
    path("<slug:slug>/members/<int:pk>/withdraw/", views.MemberWithdrawView.as_view(),
         name="member_withdraw"),
    path("<slug:slug>/members/<int:pk>/replace/", views.ReplacementView.as_view(),
         name="replace"),
    path("<slug:slug>/sessions/new/", views.SessionScheduleView.as_view(), name="schedule"),
    path("<slug:slug>/sessions/<int:pk>/minutes/", views.SessionMinutesView.as_view(),
         name="minutes"),
    path("<slug:slug>/channel/", views.ChannelView.as_view(), name="channel"),
    path("<slug:slug>/channel/invite/", views.InviteView.as_view(), name="invite"),
    path("<slug:slug>/draws/new/", views.AnnounceView.as_view(), name="announce"),
    path("<slug:slug>/draws/<int:pk>/", views.DrawReportView.as_view(), name="draw"),
    path("<slug:slug>/draws/<int:pk>/inputs.json", views.DrawInputsView.as_view(),
         name="draw_inputs"),
    path("<slug:slug>/draws/<int:pk>/probabilities/", views.ProbabilitiesView.as_view(),
         name="probabilities"),
    path("<slug:slug>/draws/<int:pk>/probabilities.csv", views.DrawProbabilitiesCsvView.as_view(),
         name="probabilities_csv"),
    path("<slug:slug>/draws/<int:pk>/verify/", views.DrawVerifyView.as_view(), name="verify"),
    path("<slug:slug>/draws/<int:pk>/seed/", views.SeedView.as_view(), name="seed"),
    path("<slug:slug>/draws/<int:pk>/run/", views.RunView.as_view(), name="run"),
]
