from django.urls import path

from . import views

app_name = "barometers"

urlpatterns = [
    path("", views.BarometerListView.as_view(), name="list"),
    path("new/", views.BarometerCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.BarometerDetailView.as_view(), name="detail"),
    path("<slug:slug>/compare/", views.CompareView.as_view(), name="compare"),
    path("<slug:slug>/waves/new/", views.WaveCreateView.as_view(), name="wave_create"),
    path("<slug:slug>/waves/<int:pk>/", views.AnswerView.as_view(), name="answer"),
    path("<slug:slug>/waves/<int:pk>/paper/", views.PaperView.as_view(), name="paper"),
    path("<slug:slug>/waves/<int:pk>/paper/file/", views.PaperFileView.as_view(),
         name="paper_file"),
    path("<slug:slug>/waves/<int:pk>/paper/template.csv", views.PaperTemplateView.as_view(),
         {"extension": "csv"}, name="paper_template"),
    path("<slug:slug>/waves/<int:pk>/paper/template.xlsx", views.PaperTemplateView.as_view(),
         {"extension": "xlsx"}, name="paper_template_xlsx"),
    path("<slug:slug>/waves/<int:pk>/paper/template.ods", views.PaperTemplateView.as_view(),
         {"extension": "ods"}, name="paper_template_ods"),
    path("<slug:slug>/waves/<int:pk>/questions/", views.QuestionsView.as_view(),
         name="questions"),
    path("<slug:slug>/waves/<int:pk>/questions/<int:question>/edit/",
         views.QuestionEditView.as_view(), name="question_edit"),
    path("<slug:slug>/waves/<int:pk>/questions/<int:question>/remove/",
         views.QuestionRemoveView.as_view(), name="question_remove"),
    path("<slug:slug>/waves/<int:pk>/questions/<int:question>/move/",
         views.QuestionMoveView.as_view(), name="question_move"),
    path("<slug:slug>/waves/<int:pk>/launch/", views.LaunchView.as_view(), name="launch"),
    path("<slug:slug>/waves/<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("<slug:slug>/waves/<int:pk>/results/<int:question>/answers/",
         views.TextAnswersView.as_view(), name="text_answers"),
    path("<slug:slug>/waves/<int:pk>/moderate/", views.ModerateView.as_view(), name="moderate"),
    path("<slug:slug>/waves/<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<slug:slug>/waves/<int:pk>/export.csv", views.ExportView.as_view(), name="export"),
]
