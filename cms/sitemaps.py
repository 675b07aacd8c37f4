"""/sitemap.xml: the Wagtail pages, the communities' pages and the public events.

Addresses are built from the request (its scheme and host, which passed
ALLOWED_HOSTS), like the feeds', rather than from django.contrib.sites'
Site row or the Wagtail Site's hostname, which a deployment may leave at
their defaults.
"""

from django.contrib.sitemaps import Sitemap
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from communities.models import Community
from events.models import Event


class _FromRequest:
    def get_domain(self, site=None):
        return self.request.get_host()

    def get_protocol(self, protocol=None):
        return self.request.scheme


class PageSitemap(_FromRequest, WagtailSitemap):
    """Wagtail's: the live pages of the site without a view restriction."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            # Wagtail writes the Site's hostname; keep the path, use the request's host.
            path = url["location"].split("://", 1)[-1]
            path = "/" + path.split("/", 1)[1] if "/" in path else "/"
            url["location"] = self.request.build_absolute_uri(path)
        return urls


class CommunitySitemap(_FromRequest, Sitemap):
    """Every community has a public page (communities.view_community: everyone)."""

    changefreq = "weekly"

    def __init__(self, request):
        self.request = request

    def items(self):
        return Community.objects.order_by("name", "pk").only("slug", "name")


class EventSitemap(_FromRequest, Sitemap):
    """Upcoming published public events: what a visitor may open."""

    changefreq = "daily"

    def __init__(self, request):
        self.request = request

    def items(self):
        return (
            Event.objects.filter(
                state=Event.State.PUBLISHED,
                audience=Event.Audience.PUBLIC,
                ends_at__gt=timezone.now(),
            )
            .order_by("starts_at", "pk")
            .only("pk")
        )


def sitemaps_for(request) -> dict:
    return {
        "pages": PageSitemap(request),
        "communities": CommunitySitemap(request),
        "events": EventSitemap(request),
    }
