"""The CMS's routes outside Wagtail's page tree; included before wagtail.urls."""

from django.urls import path

from terreau.moved import moved

from . import feeds, views

app_name = "cms"

rss = feeds.NewsRssFeed()
atom = feeds.NewsAtomFeed()

urlpatterns = [
    path("search/", views.site_search, name="search"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("feeds/news.rss", rss, name="feed_rss"),
    path("feeds/news.atom", atom, name="feed_atom"),
    path("feeds/directions/<slug:direction>.rss", rss, name="direction_feed_rss"),
    path("feeds/directions/<slug:direction>.atom", atom, name="direction_feed_atom"),
    # The news about one community, in its space.
    path("communities/<slug:community>/news.rss", rss, name="community_feed_rss"),
    path("communities/<slug:community>/news.atom", atom, name="community_feed_atom"),
    # Former addresses (301).
    moved("feeds/communities/<slug:community>.rss", "cms:community_feed_rss"),
    moved("feeds/communities/<slug:community>.atom", "cms:community_feed_atom"),
]
