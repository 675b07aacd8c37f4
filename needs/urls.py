from django.urls import path

from . import views

app_name = "needs"

# Mounted at /communities/<slug>/needs/ (terreau/urls.py).
urlpatterns = [
    path("", views.NeedListView.as_view(), name="list"),
    path("new/", views.NeedCreateView.as_view(), name="create"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("<int:pk>/", views.NeedDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.NeedUpdateView.as_view(), name="update"),
    path("<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/step/", views.StepView.as_view(), name="step"),
    path("<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("<int:pk>/support/remove/", views.SupportRemoveView.as_view(), name="support_remove"),
    path("<int:pk>/connect/", views.ConnectView.as_view(), name="connect"),
    # The institution gardener and their direction (issue #16).
    path("<int:pk>/relay/", views.RelayView.as_view(), name="relay"),
    path("<int:pk>/relay/answer/", views.RelayAnswerView.as_view(), name="relay_answer"),
]
