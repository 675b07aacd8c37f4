"""Site search: three groups, only what the person may see, never an error."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.search import index

from cms.models import StandardPage
from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory

from . import factories


def titles(response, kind):
    group = next(g for g in response.context["groups"] if g["kind"] == kind)
    return [getattr(r, "title", None) or r.name for r in group["results"]]


@pytest.fixture
def site_content(home, environment_news, community, other_community):
    # The home page's introduction says "biodiversité": out of the index, as
    # the data migration leaves it (a home rebuilt after a flush is indexed).
    index.remove_object(home)
    about = home.add_child(instance=StandardPage(title="À propos de la biodiversité", slug="a-propos"))
    about.save_revision().publish()
    factories.news(environment_news, title="Semaine de la Biodiversité", slug="semaine")
    factories.news(environment_news, title="Biodiversité : brouillon", slug="brouillon",
                   live=False)
    private = factories.news(environment_news, title="Biodiversité réservée", slug="reservee")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    EventFactory(community=community, title="Balade biodiversité")
    EventFactory(community=community, title="Biodiversité : brouillon d'atelier",
                 state=Event.State.DRAFT, published_at=None)
    EventFactory(community=community, title="Biodiversité entre engagés",
                 audience=Event.Audience.CIRCLES, for_citizens=False, for_informed=False,
                 for_engaged=True)
    EventFactory(community=community, title="Biodiversité passée",
                 starts_at=timezone.now() - dt.timedelta(days=3),
                 ends_at=timezone.now() - dt.timedelta(days=3, hours=-2))
    return about


def test_a_visitor_finds_pages_communities_and_events_without_typing_accents(
    client, site_content
):
    response = client.get("/search/", {"q": "biodiversite"})

    assert response.status_code == 200
    assert titles(response, "communities") == ["Biodiversité"]
    assert titles(response, "events") == ["Balade biodiversité"]
    # On SQLite FTS5's unicode61 tokenizer folds accents; on PostgreSQL the
    # `simple` configuration keeps them and the folded title match answers
    # (docs/cms.md): the same pages either way.
    assert sorted(titles(response, "pages")) == [
        "Semaine de la Biodiversité", "À propos de la biodiversité"
    ]


def test_pages_are_found_by_their_words_whatever_the_case(client, site_content):
    response = client.get("/search/", {"q": "BIODIVERSITÉ"})

    assert sorted(titles(response, "pages")) == [
        "Semaine de la Biodiversité", "À propos de la biodiversité"
    ]
    # A news result shows its summary.
    assert "Les bénévoles ont planté 2 km de haies." in response.text


def test_drafts_restricted_pages_and_restricted_events_never_leak(client, site_content):
    body = client.get("/search/", {"q": "biodiversité"}).text

    for hidden in ("brouillon", "réservée", "entre engagés", "passée"):
        assert hidden not in body


@pytest.mark.parametrize(
    "role, sees_engaged_event, sees_draft",
    [
        ("anonymous", False, False),
        ("citizen", False, False),
        ("informed", False, False),
        ("engaged", True, False),
        # Organisers find their drafts, as on the events list (events.view_event).
        ("gardener", True, True),
        ("other_gardener", False, False),
        ("cultivator", False, False),
        ("staff", True, True),
    ],
)
def test_events_are_found_only_by_those_who_may_see_them(
    login, people, site_content, role, sees_engaged_event, sees_draft
):
    response = login(people[role]).get("/search/", {"q": "biodiversite"})

    found = titles(response, "events")
    assert ("Biodiversité entre engagés" in found) is sees_engaged_event
    assert ("Biodiversité : brouillon d'atelier" in found) is sees_draft
    assert "Balade biodiversité" in found


def test_words_all_have_to_match_in_any_field(client, site_content, community):
    assert titles(client.get("/search/", {"q": "balade BIODIVERSITE"}), "events") == [
        "Balade biodiversité"
    ]
    assert titles(client.get("/search/", {"q": "balade mares"}), "events") == []


def test_no_result_says_so_and_echoes_the_query_escaped(client, site_content):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert response.context["total"] == 0


@pytest.mark.parametrize("q", ["", "a", "  é  "])
def test_an_empty_or_one_character_query_asks_for_more(client, site_content, q):
    response = client.get("/search/", {"q": q})

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert bool(response.context.get("notice")) is bool(q.strip())


def test_a_very_long_query_is_cut_and_says_so(client, site_content):
    response = client.get("/search/", {"q": "biodiversite " + "x" * 5000})

    assert response.status_code == 200
    assert len(response.context["query"]) == 100
    assert response.context["cut"]


@pytest.mark.parametrize(
    "q", ['"', "'", "*", "biodiversité*", "AND OR NOT", "(", "%", "_", "a\\b", "NEAR(x y)",
          "💚 biodiversité", "x" * 101]
)
def test_odd_queries_never_fail(client, site_content, q):
    assert client.get("/search/", {"q": q}).status_code == 200


def test_one_group_is_paginated_and_a_bad_page_number_gives_the_last_page(client, home):
    for i in range(25):
        CommunityFactory(name=f"Jardins partagés {i:02d}", slug=f"jardins-{i}")

    overview = client.get("/search/", {"q": "jardins"})
    group = next(g for g in overview.context["groups"] if g["kind"] == "communities")
    assert group["count"] == 25 and len(group["results"]) == 5
    assert "kind=communities" in overview.text

    first = client.get("/search/", {"q": "jardins", "kind": "communities"})
    assert len(first.context["groups"][0]["results"]) == 20
    last = client.get("/search/", {"q": "jardins", "kind": "communities", "page": "999"})
    assert [c.name for c in last.context["groups"][0]["results"]] == [
        f"Jardins partagés {i:02d}" for i in range(20, 25)
    ]
    assert client.get("/search/", {"q": "jardins", "kind": "nope"}).status_code == 200


def test_search_costs_the_same_queries_with_more_results(
    client, home, environment_news, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(start, n):
        for i in range(start, start + n):
            community = CommunityFactory(name=f"Bois {i}", slug=f"bois-{i}")
            EventFactory(community=community, title=f"Balade au bois {i}")
            factories.news(environment_news, title=f"Le bois {i}", slug=f"bois-{i}")

    # Both sizes have more results than the preview shows, so each group
    # pays its count: Wagtail site, pages + count, communities + count, the
    # predicates' queries, events + count.
    # Each size measured warm: the first request after publishing pages reads
    # the site and the footer links again (their caches are cleared on publish).
    add(0, 6)
    client.get("/search/", {"q": "bois"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "bois"})
    small = len(queries)
    add(6, 16)
    client.get("/search/", {"q": "bois"})

    with django_assert_num_queries(small):
        response = client.get("/search/", {"q": "bois"})
    assert response.context["total"] == 66
