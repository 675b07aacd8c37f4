from django.urls import include, path

from .views import applications, completeness, followup, public, questions, review

app_name = "calls"

urlpatterns = [
    path("", public.CallListView.as_view(), name="list"),
    path("new/", public.CallCreateView.as_view(), name="create"),
    # The watch on other funding calls (calls/watch/), before the calls' slugs.
    path("watch/", include("calls.watch.urls")),
    # The funded projects' page and a project's links (calls/funded/), before the slugs.
    path("", include("calls.funded.urls")),
    path("applications/<int:pk>/", applications.ApplicationView.as_view(), name="application"),
    path("applications/<int:pk>/edit/", applications.ApplicationEditView.as_view(),
         name="application_edit"),
    path("applications/<int:pk>/invite/", applications.InviteView.as_view(), name="invite"),
    path("applications/<int:pk>/documents/<int:document>/", applications.DocumentView.as_view(),
         name="document"),
    path("applications/<int:pk>/documents/<int:document>/upload/",
         applications.UploadView.as_view(), name="upload"),
    path("applications/<int:pk>/submit/", applications.SubmitView.as_view(), name="submit"),
    path("applications/<int:pk>/pieces/", completeness.PiecesRequestView.as_view(),
         name="pieces"),
    path("applications/<int:pk>/complete/", completeness.CompleteView.as_view(),
         name="complete"),
    path("applications/<int:pk>/assign/", review.AssignView.as_view(), name="assign"),
    path("applications/<int:pk>/review/", review.ReviewView.as_view(), name="review"),
    path("applications/<int:pk>/decide/", review.DecideView.as_view(), name="decide"),
    path("applications/<int:pk>/reports/new/", followup.ReportCreateView.as_view(),
         name="report_new"),
    path("applications/<int:pk>/reports/<int:report>/file/", followup.ReportFileView.as_view(),
         name="report_file"),
    path("<slug:slug>/", public.CallDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", public.CallEditView.as_view(), name="edit"),
    path("<slug:slug>/publish/", public.CallPublishView.as_view(), name="publish"),
    path("<slug:slug>/apply/", applications.StartView.as_view(), name="start"),
    path("<slug:slug>/questions/", questions.TeamView.as_view(), name="questions"),
    path("<slug:slug>/questions/ask/", questions.AskView.as_view(), name="question_ask"),
    path("<slug:slug>/questions/new/", questions.EntryView.as_view(), name="question_entry"),
    path("<slug:slug>/questions/<int:pk>/answer/", questions.AnswerView.as_view(),
         name="question_answer"),
    path("<slug:slug>/questions/<int:pk>/remove/", questions.RemoveView.as_view(),
         name="question_remove"),
    path("<slug:slug>/board/", review.BoardView.as_view(), name="board"),
    path("<slug:slug>/export.csv", review.ExportView.as_view(), name="export"),
]
