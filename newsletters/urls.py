from django.urls import path

from .views import letters, public, sections

app_name = "newsletters"

urlpatterns = [
    # A community's letters: the gardeners' list, a new letter, the public archive.
    path("community/<slug:slug>/", letters.CommunityLettersView.as_view(), name="community"),
    path("community/<slug:slug>/new/", letters.LetterCreateView.as_view(), name="create"),
    path("community/<slug:slug>/archive/", public.ArchiveView.as_view(), name="archive"),
    path("community/<slug:slug>/feed.rss", public.ArchiveFeed(), name="feed_rss"),
    path("community/<slug:slug>/feed.atom", public.ArchiveAtomFeed(), name="feed_atom"),
    path("community/<slug:slug>/subscribe/", public.SubscribeView.as_view(), name="subscribe"),
    # One letter
    path("<int:pk>/", letters.LetterView.as_view(), name="letter"),
    path("<int:pk>/edit/", letters.LetterUpdateView.as_view(), name="update"),
    path("<int:pk>/close-call/", letters.CloseCallView.as_view(), name="close_call"),
    path("<int:pk>/reopen-call/", letters.ReopenCallView.as_view(), name="reopen_call"),
    path("<int:pk>/audience/", letters.AudienceView.as_view(), name="audience"),
    path("<int:pk>/preview/", letters.PreviewView.as_view(), name="preview"),
    path("<int:pk>/preview/email.html", letters.PreviewEmailView.as_view(),
         name="preview_email"),
    path("<int:pk>/test/", letters.SendTestView.as_view(), name="send_test"),
    path("<int:pk>/schedule/", letters.ScheduleView.as_view(), name="schedule"),
    path("<int:pk>/unschedule/", letters.UnscheduleView.as_view(), name="unschedule"),
    path("<int:pk>/send/", letters.SendNowView.as_view(), name="send"),
    path("<int:pk>/progress.json", letters.ProgressView.as_view(), name="progress"),
    path("<int:pk>/web/", public.WebVersionView.as_view(), name="web"),
    # Sections
    path("<int:pk>/sections/new/", sections.SectionCreateView.as_view(), name="section_create"),
    path("sections/<int:pk>/edit/", sections.SectionUpdateView.as_view(),
         name="section_update"),
    path("sections/<int:pk>/decide/", sections.SectionDecideView.as_view(),
         name="section_decide"),
    path("sections/<int:pk>/move/", sections.SectionMoveView.as_view(), name="section_move"),
    # Subscriptions
    path("subscriptions/", public.SubscriptionsView.as_view(), name="subscriptions"),
    path("unsubscribe/<str:token>/", public.UnsubscribeView.as_view(), name="unsubscribe"),
]
