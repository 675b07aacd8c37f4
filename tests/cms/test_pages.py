"""Page types: where each may live, that editors can create them in the admin,
and what they show."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms import services
from cms.models import (
    CommunityIndexPage,
    CommunityPage,
    FooterLinks,
    HomeFeaturedCommunity,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from communities.models import Circle
from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, GardenerPairFactory, MembershipFactory, UserFactory
from tests.space import home_of, panel, skip_list

from . import factories

# --- The tree ---------------------------------------------------------------------


def test_the_home_page_is_the_default_sites_root_and_is_served_at_slash(client, db):
    # Given a fresh database: the cms data migration made a HomePage the root
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)

    response = client.get("/")

    assert reverse("home") == "/"
    assert response.status_code == 200
    assert "cms/home_page.html" in [t.name for t in response.templates]


def test_site_tree_ensure_rebuilds_an_emptied_tree_and_changes_nothing_after(client, db):
    # Given a database whose page tree was emptied (as a flush does)
    Site.objects.all().delete()
    Page.objects.all().delete()

    home = services.site_tree_ensure()
    again = services.site_tree_ensure()

    assert again == home
    assert Page.objects.type(HomePage).count() == 1
    assert client.get("/").status_code == 200


def test_page_types_live_where_they_belong(wagtail_assert):
    wagtail_assert.assertAllowedSubpageTypes(
        HomePage, {NewsIndexPage, CommunityIndexPage, StandardPage}
    )
    wagtail_assert.assertAllowedSubpageTypes(NewsIndexPage, {NewsIndexPage, NewsPage})
    wagtail_assert.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
    wagtail_assert.assertAllowedParentPageTypes(CommunityPage, {CommunityIndexPage})
    wagtail_assert.assertCanNotCreateAt(HomePage, NewsPage)
    wagtail_assert.assertCanNotCreateAt(HomePage, CommunityPage)


def _news_form(**overrides):
    data = {
        "title": "Chantier de plantation à Rodez",
        "slug": "chantier-rodez",
        "date": "2025-03-01",
        "summary": "Cent bénévoles ont planté deux kilomètres de haies.",
        "image": "",
        "image_alt": "",
        "body": streamfield(
            [
                ("text", rich_text("<p>Le chantier a réuni cent bénévoles.</p>")),
                ("quote", {"quote": "On plante pour nos petits-enfants.", "attribution": "Jean"}),
            ]
        ),
        "tags": "haies, chantier",
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0,
                     "MAX_NUM_FORMS": 1000},
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_administrator_creates_news_in_a_section_and_it_takes_the_sections_direction(
    client, wagtail_assert, environment_news, environment
):
    client.force_login(UserFactory(email="admin@example.org", is_superuser=True, is_staff=True))

    wagtail_assert.assertCanCreate(environment_news, NewsPage, _news_form())

    news = NewsPage.objects.get(slug="chantier-rodez")
    assert news.live and news.direction == environment
    assert set(news.tags.names()) == {"haies", "chantier"}


def test_an_administrator_creates_a_standard_page(client, wagtail_assert, home):
    client.force_login(UserFactory(email="admin@example.org", is_superuser=True, is_staff=True))
    data = nested_form_data(
        {
            "title": "Accessibilité",
            "slug": "accessibilite",
            "intro": "Déclaration d'accessibilité.",
            "body": streamfield([("text", rich_text("<p>Conformité partielle.</p>"))]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0,
                         "MAX_NUM_FORMS": 1000},
        }
    )

    wagtail_assert.assertCanCreate(home, StandardPage, data)

    assert StandardPage.objects.get(slug="accessibilite").live


def test_news_with_an_image_requires_its_description(environment_news):
    page = NewsPage(title="Sans description", summary="…", image=factories.image())

    with pytest.raises(Exception) as error:
        page.full_clean()

    assert "image_alt" in error.value.message_dict


# --- The home page -----------------------------------------------------------------


def test_home_offers_both_ways_in_and_reads_the_next_public_events(client, home):
    shown = EventFactory(title="Sortie zones humides")
    EventFactory(title="Réunion du cœur", audience=Event.Audience.CIRCLES, for_engaged=True)

    response = client.get("/")

    assert reverse("communities:list") in response.text
    assert reverse("events:list") in response.text
    assert response.context["next_events"] == [shown]
    assert "Réunion du cœur" not in response.text


@pytest.mark.parametrize(("language", "places"), [
    ("en", "11 places left"),
    ("fr", "11 places restantes"),
])
def test_home_shows_a_community_events_places_left(client, home, language, places):
    event = EventFactory(title="Sortie mares", community=CommunityFactory(name="Mares du Tarn"),
                         capacity=12)
    Event.objects.filter(pk=event.pk).update(confirmed_count=1)  # one seat taken

    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    card = html[html.index("Sortie mares"):]
    card = card[:card.index("</li>")]
    assert "Mares du Tarn" in card
    assert places in card


def test_home_shows_featured_communities_in_the_editors_order(client, home):
    first, second = CommunityFactory(name="Mobilités"), CommunityFactory(name="Alimentation")
    CommunityFactory(name="Pas mise en avant")
    HomeFeaturedCommunity.objects.create(page=home, community=first, sort_order=0)
    HomeFeaturedCommunity.objects.create(page=home, community=second, sort_order=1)

    response = client.get("/")

    assert response.context["communities"] == [first, second]
    assert "Pas mise en avant" not in response.text


def test_home_shows_the_latest_live_news_only(client, environment_news):
    for day in range(1, 5):
        factories.news(environment_news, title=f"Nouvelle {day}", slug=f"n{day}",
                       date=dt.date(2025, 3, day))
    factories.news(environment_news, title="Brouillon", slug="brouillon", live=False,
                   date=dt.date(2025, 4, 1))

    response = client.get("/")

    assert [n.title for n in response.context["latest_news"]] == [
        "Nouvelle 4", "Nouvelle 3", "Nouvelle 2"
    ]
    assert "Brouillon" not in response.text


def test_home_costs_the_same_queries_with_more_of_everything(
    client, environment_news, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start):
        for i in range(start, start + n):
            community = CommunityFactory()
            MembershipFactory(community=community)
            community.themes.add(f"thème {i}")
            EventFactory(community=community)
            factories.news(environment_news, title=f"N{i}", slug=f"n{i}", with_image=True,
                           communities=[community], tags=[f"t{i}"])

    add(2, 0)
    client.get("/")  # renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    small = len(queries)  # now: the next request empties the log
    add(14, 2)
    client.get("/")

    # Site, page, its alias check, view restrictions, featured ids,
    # communities + themes, events, view restrictions, news + renditions,
    # newsroom: whatever the numbers (the footer comes from the cache).
    with django_assert_num_queries(small):
        response = client.get("/")

    assert len(response.context["communities"]) == 12 and response.context["more"]
    assert len(response.context["latest_news"]) == 3


# --- News -------------------------------------------------------------------------


def test_the_newsroom_filters_by_direction_community_and_tag(
    client, newsroom, environment_news, agriculture_news, agriculture
):
    bio = CommunityFactory(name="Biodiversité", slug="biodiversite")
    factories.news(environment_news, title="Haies", slug="haies", communities=[bio],
                   tags=["haies"])
    factories.news(environment_news, title="Mares", slug="mares", tags=["eau"])
    factories.news(agriculture_news, title="Cantines", slug="cantines")

    def titles(**query):
        response = client.get(newsroom.url, query)
        assert response.status_code == 200
        return {n.title for n in response.context["news"]}

    assert titles() == {"Haies", "Mares", "Cantines"}
    assert titles(direction=agriculture.slug) == {"Cantines"}
    assert titles(community="biodiversite") == {"Haies"}
    assert titles(tag="eau") == {"Mares"}
    assert titles(tag="inconnu", page="abc") == set()


def test_a_section_lists_its_directions_news_only(client, environment_news, agriculture_news):
    factories.news(environment_news, title="Haies", slug="haies")
    factories.news(agriculture_news, title="Cantines", slug="cantines")

    response = client.get(environment_news.url)

    assert [n.title for n in response.context["news"]] == ["Haies"]


def test_a_news_page_renders_every_block(client, environment_news):
    community = CommunityFactory(name="Biodiversité")
    public = EventFactory(title="Sortie publique")
    draft = EventFactory(title="Pas encore publiée", state=Event.State.DRAFT)
    body = [
        ("text", "<p>Texte riche</p>"),
        ("image", {"image": factories.image().pk, "alt_text": "Une mare", "caption": "Mare"}),
        ("quote", {"quote": "Citation", "attribution": "Une jardinière"}),
        ("call_to_action", {"title": "Venez", "text": "", "link_label": "Participer",
                            "page": None, "url": "https://example.org/"}),
        ("event", {"event": public.pk}),
        ("event", {"event": draft.pk}),
        ("community", {"community": community.pk}),
    ]
    page = factories.news(
        environment_news, title="Tout", slug="tout",
        body=json.dumps([{"type": kind, "value": value} for kind, value in body]),
    )

    response = client.get(page.url)

    text = response.text
    assert response.status_code == 200
    for expected in ("Texte riche", 'alt="Une mare"', "Citation", "Participer",
                     public.get_absolute_url(), community.get_absolute_url()):
        assert expected in text
    assert "Pas encore publiée" not in text


# --- Community stories -----------------------------------------------------------------


def _story(home, community, **fields):
    stories = home.add_child(instance=CommunityIndexPage(title="Récits", slug="recits"))
    story = stories.add_child(instance=CommunityPage(
        title="Les gardiens des haies", slug="haies", community=community,
        intro="Depuis 2019, ils replantent.",
        story=[("quote", {"quote": "On plante pour nos petits-enfants.", "attribution": "Jean"})],
        **fields,
    ))
    return stories, story


def test_a_community_story_is_a_panel_of_the_community_home(client, home):
    community = CommunityFactory(name="Biodiversité")
    pair = GardenerPairFactory(community=community)
    MembershipFactory(community=community, circle=Circle.ENGAGED)
    EventFactory(community=community, title="Inventaire des mares")
    stories, story = _story(home, community)

    response = home_of(AnonymousUser(), community)

    shown = panel(response, "story")
    assert "Les gardiens des haies" in shown and "Depuis 2019, ils replantent." in shown
    assert "On plante pour nos petits-enfants." in shown
    # Beside the live data, read once by the community's home.
    assert str(pair.territory_gardener) in panel(response, "gardeners")
    assert "Inventaire des mares" in panel(response, "events")
    assert skip_list(response)[:3] == ["you", "story", "circles"]
    # The stories index sends to the story's place on the community's home.
    assert client.get(stories.url).context["stories"] == [story]
    assert f'href="{community.get_absolute_url()}#story"' in client.get(stories.url).text


def test_a_story_page_answers_301_to_the_community_home(client, home):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    _stories, story = _story(home, community)

    response = client.get(story.url)

    assert response.status_code == 301
    assert response["Location"] == "/communities/biodiversite/#story"


def test_editors_preview_a_story_in_wagtail(client, home):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    _stories, story = _story(home, community)
    story.intro = "Brouillon : la haie de Saint-Juéry."
    story.save_revision()  # a draft, not published
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))

    assert response.status_code == 200
    assert "Brouillon : la haie de Saint-Juéry." in response.text
    assert community.get_absolute_url() in response.text
    # The community's home still shows the published story until it is published.
    assert "Brouillon" not in panel(home_of(AnonymousUser(), community), "story")


def test_an_unpublished_story_is_no_panel(client, home):
    community = CommunityFactory()
    _stories, story = _story(home, community)
    story.unpublish()

    response = home_of(AnonymousUser(), community)

    assert panel(response, "story") is None
    assert "story" not in skip_list(response)


def test_a_story_whose_community_was_deleted_still_renders(client, home):
    community = CommunityFactory()
    _stories, story = _story(home, community)
    community.delete()

    response = client.get(story.url)

    assert response.status_code == 200
    assert "On plante pour nos petits-enfants." in response.text


# --- Footer -------------------------------------------------------------------------


def test_the_footer_links_the_chosen_live_standard_pages_on_every_screen(client, home):
    about = home.add_child(instance=StandardPage(title="À propos", slug="a-propos"))
    privacy = home.add_child(
        instance=StandardPage(title="Vie privée", slug="vie-privee", live=False)
    )
    FooterLinks.objects.create(site=Site.objects.get(is_default_site=True), about=about,
                               privacy=privacy)  # saving forgets the cached footer

    for url in ("/", reverse("communities:list"), about.url):
        text = client.get(url).text
        assert f'href="{about.url}"' in text
        assert "Vie privée" not in text


def test_event_dates_stay_in_their_time_zone(client, home):
    EventFactory(title="Visio", starts_at=timezone.now() + dt.timedelta(days=2))
    assert "Visio" in client.get("/").text


def test_the_footer_follows_its_pages_and_costs_no_query_once_cached(
    client, home, django_assert_num_queries
):
    from cms.footer import footer_links

    about = home.add_child(instance=StandardPage(title="À propos", slug="a-propos"))
    FooterLinks.objects.create(site=Site.objects.get(is_default_site=True), about=about)
    assert footer_links() == [("À propos", about.url)]
    with django_assert_num_queries(0):
        footer_links()

    about.title = "Qui sommes-nous"
    about.save_revision().publish()
    assert "Qui sommes-nous" in client.get(reverse("communities:list")).text

    about.unpublish()
    assert footer_links() == []
