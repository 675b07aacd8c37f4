"""RSS and Atom feeds of the news: valid XML, absolute links, the right items."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils.translation import gettext, override
from wagtail.models import PageViewRestriction

from tests.factories import CommunityFactory

from . import factories

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def public_address(settings):
    """Links come from SITE_URL, not from the request's host ("testserver")."""
    settings.SITE_URL = "https://participation.example.org"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


@pytest.fixture
def news_set(environment_news, agriculture_news):
    bio = CommunityFactory(name="Biodiversité", slug="biodiversite")
    haies = factories.news(
        environment_news, title="Haies & mares <bocage>", slug="haies", communities=[bio],
        tags=["haies", "eau"], date=dt.date(2025, 3, 3),
        summary="Deux kilomètres de haies plantés à Rodez.",
    )
    semences = factories.news(
        agriculture_news, title="Semences paysannes", slug="semences", date=dt.date(2025, 3, 2)
    )
    factories.news(environment_news, title="Brouillon secret", slug="brouillon", live=False)
    private = factories.news(environment_news, title="Réservé aux agents", slug="prive")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    return {"bio": bio, "haies": haies, "semences": semences}


def test_the_rss_feed_of_all_news_lists_live_public_news_newest_first(client, news_set):
    channel, items = rss_items(client.get("/feeds/news.rss"))

    with override("fr"):
        assert channel.findtext("title") == gettext("Terreau news")
    # RSS readers read titles as HTML: the characters typed are escaped for
    # HTML under the XML escaping, so "<bocage>" shows as typed, never as a tag
    assert [i.findtext("title") for i in items] == [
        "Haies &amp; mares &lt;bocage&gt;", "Semences paysannes"
    ]
    first = items[0]
    assert first.findtext("description") == "<p>Deux kilomètres de haies plantés à Rodez.</p>"
    assert first.findtext("link") == "https://participation.example.org/actualites/environnement/haies/"
    assert first.findtext("pubDate").startswith("Mon, 03 Mar 2025")
    assert sorted(c.text for c in first.findall("category")) == [
        "Direction de l'Environnement", "eau", "haies"
    ]
    assert "Direction de l'Environnement" in first.findtext("author", "") + first.findtext(
        "{http://purl.org/dc/elements/1.1/}creator", ""
    )
    assert channel.findtext("link").startswith("https://participation.example.org/")


def test_drafts_and_restricted_pages_are_never_in_a_feed(client, news_set):
    for url in ("/feeds/news.rss", "/feeds/news.atom", "/feeds/directions/environnement.rss"):
        body = client.get(url).content.decode()
        assert "Brouillon secret" not in body
        assert "Réservé aux agents" not in body


def test_the_atom_feed_has_absolute_links_authors_and_categories(client, news_set):
    feed, entries = atom_entries(client.get("/feeds/news.atom"))

    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Haies & mares <bocage>", "Semences paysannes"
    ]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == (
        "https://participation.example.org/actualites/environnement/haies/"
    )
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Direction de l'Environnement"
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {
        "Direction de l'Environnement", "eau", "haies"
    }
    assert entry.findtext(f"{ATOM}summary") == "<p>Deux kilomètres de haies plantés à Rodez.</p>"
    self_link = [l for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"][0]
    assert self_link.get("href") == "https://participation.example.org/feeds/news.atom"


def test_a_directions_feed_has_only_its_news_and_links_to_its_section(client, news_set):
    channel, items = rss_items(client.get("/feeds/directions/agriculture.rss"))

    assert [i.findtext("title") for i in items] == ["Semences paysannes"]
    assert channel.findtext("link") == "https://participation.example.org/actualites/agriculture/"
    assert "Direction de l'Agriculture" in channel.findtext("title")


def test_a_communitys_feed_has_only_the_news_that_concern_it(client, news_set):
    feed, entries = atom_entries(client.get("/communities/biodiversite/news.atom"))

    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Haies & mares <bocage>"]
    assert "Biodiversité" in feed.findtext(f"{ATOM}title")


def test_an_unknown_direction_or_community_is_a_404(client, news_set):
    assert client.get("/feeds/directions/nope.rss").status_code == 404
    assert client.get("/communities/nope/news.atom").status_code == 404


def test_a_feed_with_no_news_is_still_valid(client, home):
    channel, items = rss_items(client.get("/feeds/news.rss"))
    assert items == []
    assert channel.findtext("link") == "https://participation.example.org/"


def test_the_feed_costs_the_same_queries_with_more_news(
    client, environment_news, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(start, n):
        for i in range(start, start + n):
            factories.news(environment_news, title=f"N{i}", slug=f"n{i}", tags=[f"t{i}", "x"])

    add(0, 2)
    client.get("/feeds/news.rss")
    with CaptureQueriesContext(connection) as queries:
        client.get("/feeds/news.rss")
    small = len(queries)
    add(2, 12)

    # django.contrib.sites' Site, the newsroom, the news, their tags, the
    # Wagtail site root paths (cached): whatever the number of items.
    with django_assert_num_queries(small):
        response = client.get("/feeds/news.rss")
    assert response.content.count(b"<item>") == 14


# --- Links from the pages ----------------------------------------------------------


def test_pages_announce_their_feeds_in_the_head_and_show_them(
    client, newsroom, environment_news, news_set
):
    home = client.get("/").text
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feeds/news.rss"' in home and 'href="/feeds/news.atom"' in home

    section = client.get("/actualites/environnement/").text
    assert 'href="/feeds/directions/environnement.rss"' in section
    assert section.count('href="/feeds/directions/environnement.atom"') == 2  # head + body

    story = client.get("/actualites/environnement/haies/").text
    assert 'href="/feeds/directions/environnement.rss"' in story


def test_a_community_home_links_to_its_communitys_feed(client, home, news_set):
    body = client.get("/communities/biodiversite/").text

    assert body.count('href="/communities/biodiversite/news.rss"') == 2  # head + body
    assert 'href="/feeds/news.rss"' in body


def test_the_feed_includes_serve_a_page_outside_wagtail_given_a_community(db):
    from django.template.loader import render_to_string

    community = CommunityFactory(name="Alimentation & circuits courts", slug="alimentation")

    head = render_to_string("cms/_feed_links.html", {"feed_community": community})
    body = render_to_string("cms/_feed_subscribe.html", {"feed_community": community})

    assert 'href="/communities/alimentation/news.rss"' in head
    assert 'href="/communities/alimentation/news.atom"' in head
    assert "Alimentation &amp; circuits courts" in head
    assert 'href="/communities/alimentation/news.rss"' in body
    assert 'href="/feeds/news.rss"' in body


def test_news_with_pasted_control_characters_is_in_both_feeds(client, environment_news):
    """A paste's control characters are dropped (terreau/feeds.py): Django's XML
    writer refuses them, and the whole feed was a server error."""
    factories.news(environment_news, title="Haies\x07 plantées", slug="haies",
                   summary="Deux\x0bkilomètres", tags=["eau\x08"])

    channel, (item,) = rss_items(client.get("/feeds/news.rss"))
    assert item.findtext("title") == "Haies plantées"
    assert item.findtext("description") == "<p>Deux kilomètres</p>"
    assert [c.text for c in item.findall("category")][-1] == "eau"
    feed, (entry,) = atom_entries(client.get("/feeds/news.atom"))
    assert entry.findtext(f"{ATOM}title") == "Haies plantées"
