"""Every feed of the site writes what people typed without the control
characters a paste brings (terreau/feeds.py): Django's XML writer refuses
them, and one in a title made the whole feed a server error."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from terreau.feeds import AtomFeed, RssFeed
from tests.api.conftest import seed_process
from tests.newsletters.factories import LetterFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_classes(cls=Feed):
    for sub in cls.__subclasses__():
        yield sub
        yield from feed_classes(sub)


def test_every_feed_of_the_site_is_written_by_a_generator_that_drops_them(client):
    import terreau.urls  # noqa: F401 -- every feed class is imported by the URLs

    ours = [cls for cls in feed_classes() if not cls.__module__.startswith("django.")]
    assert {cls.__name__ for cls in ours} >= {
        "ArchiveFeed", "ArchiveAtomFeed", "NewsRssFeed", "NewsAtomFeed",
        "ProcessRssFeed", "ProcessAtomFeed"}
    for cls in ours:
        assert cls.feed_type in (RssFeed, AtomFeed), cls


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


@pytest.mark.django_db
def test_a_letter_with_pasted_control_characters_is_in_both_feeds(client, community):
    LetterFactory(community=community, state="sent", circles=[Circle.CITIZENS],
                  title="Lettre\x07 de mars\x0bà Rodez", intro="Bonjour\x01 à tous",
                  sent_at=timezone.now())

    rss = read(client, reverse("newsletters:feed_rss", args=[community.slug]))
    assert rss.findtext("channel/item/title") == "Lettre de mars à Rodez"
    assert rss.findtext("channel/item/description") == "<p>Bonjour à tous</p>"
    atom = read(client, reverse("newsletters:feed_atom", args=[community.slug]))
    assert atom.findtext(f"{ATOM}entry/{ATOM}title") == "Lettre de mars à Rodez"


@pytest.mark.django_db
def test_a_process_with_pasted_control_characters_is_in_both_feeds(client):
    process = seed_process(title="Pistes\x07 cyclables")
    type(process).objects.filter(pk=process.pk).update(summary="Où\x0bpédaler ?")

    for tail in ("feed.rss", "feed.atom"):
        read(client, f"/api/v1/processes/{process.slug}/{tail}")
    rss = read(client, f"/api/v1/processes/{process.slug}/feed.rss")
    assert rss.findtext("channel/description") == "Où pédaler ?"
    assert "Pistes cyclables" in rss.findtext("channel/title")


@pytest.mark.parametrize("empty", ["", None])
def test_an_empty_text_stays_empty_in_a_feed(empty):
    from terreau.feeds import feed_html, rss_text

    assert (rss_text(empty), feed_html(empty)) == ("", "")


def test_a_feeds_generator_drops_them_from_positional_texts_too():
    feed = RssFeed("Lettres\x07", "https://example.org/", "Les lettres\x0b de Rodez")
    feed.add_item("Mars\x01", "https://example.org/1/", "Bonjour\x07")
    assert (feed.feed["title"], feed.feed["description"]) == ("Lettres", "Les lettres  de Rodez")
    assert (feed.items[0]["title"], feed.items[0]["description"]) == ("Mars", "Bonjour")
