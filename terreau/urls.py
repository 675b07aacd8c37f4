from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import set_language
from terreau import health, outbox

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("me/notifications/", include("notifications.urls")),
    path("communities/<slug:slug>/channels/", include("communities.discussions.urls")),
    path("communities/<slug:slug>/needs/", include("needs.urls")),
    path("communities/<slug:slug>/groups/", include("workgroups.urls")),
    path("communities/<slug:slug>/directory/", include("directory.urls")),
    path("communities/", include("communities.urls")),
    path("gardeners/", include("gardeners.urls")),
    path("events/", include("events.urls")),
    path("newsletters/", include("newsletters.urls")),
    path("dev/outbox/", include(outbox.urlpatterns)),
    path("", include("cms.urls")),
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
