"""/sitemap.xml and /robots.txt."""

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from events.models import Event
from tests.events.factories import EventFactory

from . import factories

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{NS}loc")]


def test_the_sitemap_lists_live_public_pages_communities_and_public_events(
    client, home, environment_news, community
):
    about = home.add_child(instance=StandardPage(title="À propos", slug="a-propos"))
    about.save_revision().publish()
    factories.news(environment_news, title="Haies", slug="haies")
    factories.news(environment_news, title="Brouillon", slug="brouillon", live=False)
    private = factories.news(environment_news, title="Privée", slug="privee")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = EventFactory(community=community)
    draft = EventFactory(community=community, state=Event.State.DRAFT, published_at=None)
    circles = EventFactory(community=community, audience=Event.Audience.CIRCLES,
                           for_citizens=False, for_informed=False, for_engaged=True)
    past = EventFactory(community=community, starts_at=timezone.now() - dt.timedelta(days=2),
                        ends_at=timezone.now() - dt.timedelta(days=2, hours=-1))

    urls = locations(client.get("/sitemap.xml"))

    assert "http://testserver/" in urls
    assert "http://testserver/a-propos/" in urls
    assert "http://testserver/actualites/environnement/haies/" in urls
    assert "http://testserver/actualites/environnement/brouillon/" not in urls
    assert "http://testserver/actualites/environnement/privee/" not in urls
    assert f"http://testserver/communities/{community.slug}/" in urls
    assert f"http://testserver/events/{public.pk}/" in urls
    for hidden in (draft, circles, past):
        assert f"http://testserver/events/{hidden.pk}/" not in urls


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /cms/" in lines
    assert "Disallow: /" not in lines


def test_the_sitemap_costs_the_same_queries_with_more_of_everything(
    client, home, environment_news, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CommunityFactory

    def add(start, n):
        for i in range(start, start + n):
            community = CommunityFactory(name=f"Forêt {i}", slug=f"foret-{i}")
            EventFactory(community=community)
            factories.news(environment_news, title=f"La forêt {i}", slug=f"foret-{i}")

    add(0, 2)
    client.get("/sitemap.xml")  # fills Wagtail's cache of the site's root paths
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap.xml")
    small = len(queries)
    add(2, 10)

    with django_assert_num_queries(small):
        urls = locations(client.get("/sitemap.xml"))
    assert len(urls) == 3 + 12 * 3  # home, newsroom, section; news, communities, events
