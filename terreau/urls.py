from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import cms_login, django_admin_login, private_page_login, set_language
from discussions.views import MyChannelsView
from terreau import health, outbox

# The site's layout for a request it cannot read (terreau/views.py).
handler400 = "terreau.views.bad_request"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("me/notifications/", include("notifications.urls")),
    path("me/direction/", include("needs.direction_urls")),  # a direction answers relayed needs
    # The header's "Channels": every channel a person reads, by community.
    path("me/channels/", MyChannelsView.as_view(), name="my_channels"),
    # The living style guide, for the site's staff (docs/design.md).
    path("styleguide/", include("design.urls")),
    # The community space: every page about one community is under
    # /communities/<slug>/ (docs/architecture.md).
    path("communities/<slug:slug>/channels/", include("discussions.urls")),
    path("communities/<slug:slug>/needs/", include("needs.urls")),
    path("communities/<slug:slug>/groups/", include("workgroups.urls")),
    path("communities/<slug:slug>/directory/", include("directory.urls")),
    path("communities/<slug:slug>/moderation/", include("moderation.urls")),
    path("communities/<slug:slug>/topics/", include("topics.urls")),
    path("communities/<slug:slug>/elsewhere/", include("elsewhere.urls")),
    path("communities/", include("communities.urls")),
    # /gardeners/… and /insights/…, and their part of the community space
    # (/communities/<slug>/edit/, …/pair/, …/dashboard/).
    path("", include("gardeners.urls")),
    # The dashboards' former addresses (/gardeners/<slug>/, overview): 301.
    path("gardeners/", include("insights.redirects")),
    path("", include("insights.urls")),
    # /events/… and /newsletters/…, and their part of the community space
    # (/communities/<slug>/events/, …/letters/): see each app's urls.py.
    path("", include("events.urls")),
    path("", include("newsletters.urls")),
    path("councils/", include("councils.urls")),
    path("barometers/", include("barometers.urls")),  # barometer surveys (docs/barometers.md)
    path("processes/", include("processes.urls")),  # citizen dialogue (docs/processes.md)
    # Calls for projects and the organisations that apply (docs/calls.md).
    path("calls/", include("calls.urls")),
    path("organisations/", include("organisations.urls")),
    path("privacy/", include("privacy.urls")),
    # The public read-only API, its schema and docs (docs/api.md).
    path("api/", include("api.urls")),
    path("dev/outbox/", include(outbox.urlpatterns)),
    path("", include("cms.urls")),
    # Both admins log in through the site's form: one throttle, one second
    # factor (accounts/views.py, docs/security.md). Before their own URLs.
    path("django-admin/login/", django_admin_login),
    path("cms/login/", cms_login),
    path("_util/login/", private_page_login),  # Wagtail's, for private pages
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves "/" (the HomePage) and every path not matched above (news,
# community stories, standard pages): keep these last. "home" names the site's
# root page for {% url 'home' %}.
urlpatterns += [
    path("", wagtail_views.serve, {"path": ""}, name="home"),
    path("", include(wagtail_urls)),
]
