from django.urls import include, path

from terreau.moved import moved

from .views import letters, public, sections

app_name = "newsletters"

# One community's letters, in its space (/communities/<slug>/letters/): the
# public archive, its feeds and subscription; the gardeners' list, a new letter.
community_patterns = [
    path("", public.ArchiveView.as_view(), name="archive"),
    path("feed.rss", public.ArchiveFeed(), name="feed_rss"),
    path("feed.atom", public.ArchiveAtomFeed(), name="feed_atom"),
    path("subscribe/", public.SubscribeView.as_view(), name="subscribe"),
    path("manage/", letters.CommunityLettersView.as_view(), name="community"),
    path("new/", letters.LetterCreateView.as_view(), name="create"),
]

# /newsletters/…
letter_patterns = [
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

# Mounted at the site's root (terreau/urls.py): both prefixes share the
# "newsletters" namespace.
urlpatterns = [
    path("newsletters/", include(letter_patterns)),
    path("communities/<slug:slug>/letters/", include(community_patterns)),
    # Former addresses (301).
    moved("newsletters/community/<slug:slug>/", "newsletters:community"),
    moved("newsletters/community/<slug:slug>/new/", "newsletters:create"),
    moved("newsletters/community/<slug:slug>/archive/", "newsletters:archive"),
    moved("newsletters/community/<slug:slug>/feed.rss", "newsletters:feed_rss"),
    moved("newsletters/community/<slug:slug>/feed.atom", "newsletters:feed_atom"),
    moved("newsletters/community/<slug:slug>/subscribe/", "newsletters:subscribe"),
]
