"""RSS 2.0 and Atom 1.0 feeds of the news: all of it, one direction's, one community's.

Django's syndication framework writes (and escapes) the XML. Every address in
a feed is absolute and built from SITE_URL (terreau/links.py), whatever the
request's host or the Wagtail Site's hostname says. Reads go through cms.selectors, like the pages: only
live news without a view restriction ever appears.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Direction
from communities.views.base import community_from_slug
from terreau.feeds import AtomFeed, RssFeed, feed_html, rss_text
from terreau.links import absolute

from . import selectors

FEED_ITEMS = 20


@dataclass
class FeedScope:
    """What a feed is about, with the request that asked for it.

    Feed instances are shared by every request (they live in the URLconf), so
    the request travels in this object rather than on `self`.
    """

    request: object
    direction: Direction | None = None
    community: Community | None = None

    @property
    def kind(self) -> str:
        if self.direction is not None:
            return "direction"
        if self.community is not None:
            return "community"
        return "all"


def feed_title(scope: FeedScope) -> str:
    if scope.direction is not None:
        return _("News from %(direction)s") % {"direction": scope.direction.name}
    if scope.community is not None:
        return _("News about the community %(community)s") % {"community": scope.community.name}
    return _("Terreau news")


class NewsRssFeed(Feed):
    feed_type = RssFeed

    def get_object(self, request, direction: str = "", community: str = ""):
        scope = FeedScope(request=request)
        if direction:
            scope.direction = get_object_or_404(Direction, slug=direction)
        if community:
            scope.community = community_from_slug(community)
        return scope

    def title(self, scope: FeedScope) -> str:
        return feed_title(scope)

    def description(self, scope: FeedScope) -> str:
        if scope.direction is not None:
            return _("The latest news published by %(direction)s.") % {
                "direction": scope.direction.name
            }
        if scope.community is not None:
            return _("The latest news that concerns %(community)s.") % {
                "community": scope.community.name
            }
        return _("The latest news of every direction, about the communities of engaged actors.")

    def link(self, scope: FeedScope) -> str:
        if scope.community is not None:
            url = scope.community.get_absolute_url()
        else:
            section = getattr(scope.direction, "news_section", None) if scope.direction else None
            newsroom = section if section is not None and section.live else selectors.newsroom()
            url = newsroom.get_url(scope.request) if newsroom is not None else None
            url = url or reverse("home")
        return absolute(url)

    def feed_url(self, scope: FeedScope) -> str:
        return absolute(scope.request.path)

    def items(self, scope: FeedScope):
        news = list(
            selectors.news_list(
                direction=scope.direction.slug if scope.direction else "",
                community=scope.community.slug if scope.community else "",
            ).prefetch_related("tags")[:FEED_ITEMS]
        )
        for item in news:
            # item_link() gets only the item: give it its absolute address now.
            item.feed_link = absolute(item.get_url(scope.request))
        return news

    def item_title(self, item) -> str:
        return rss_text(item.title)

    def item_description(self, item) -> str:
        return feed_html(item.summary)

    def item_link(self, item) -> str:
        return item.feed_link

    def item_guid(self, item) -> str:
        return item.feed_link

    def item_pubdate(self, item) -> dt.datetime:
        # The editorial date, at the hour the page first went live when that
        # was the same day (readers sort by it), else at midnight.
        first = item.first_published_at
        if first is not None and timezone.localtime(first).date() == item.date:
            return first
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time.min))

    def item_updateddate(self, item) -> dt.datetime | None:
        return item.last_published_at

    def item_author_name(self, item) -> str | None:
        return item.direction.name if item.direction_id else None

    def item_categories(self, item) -> list[str]:
        categories = [item.direction.name] if item.direction_id else []
        return categories + sorted(tag.name for tag in item.tags.all())


class NewsAtomFeed(NewsRssFeed):
    feed_type = AtomFeed

    def item_title(self, item) -> str:
        return item.title  # Atom titles are text: the XML escaping is enough

    def subtitle(self, scope: FeedScope) -> str:
        return self.description(scope)
