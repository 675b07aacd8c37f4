"""A search or a "this name is taken" check ignores the case of every letter,
accented ones included, on PostgreSQL and on the newcomer's SQLite alike
(terreau/sqlite.py). SQLite's own LIKE folded ASCII letters only: "émi"
missed "Émilie", and a channel "écologie" could be opened beside
"Écologie"."""

import pytest
from django.db import connection
from django.urls import reverse

from communities.models import Circle, Direction
from discussions.models import Channel
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals
from topics.services import topic_propose

pytestmark = pytest.mark.django_db


def _found(field: str, lookup: str, value: str) -> list[str]:
    return sorted(Direction.objects.filter(**{f"{field}__{lookup}": value})
                  .values_list("name", flat=True))


@pytest.fixture
def directions():
    for number, name in enumerate(["Émilie", "ÉCOLE", "Œuvres", "Straße", "500 arbres",
                                   "50% bio", "a_b", "axb"]):
        Direction.objects.create(name=name, slug=f"d-{number}")


def test_a_search_finds_a_name_whatever_the_case_of_its_accented_letters(directions):
    assert _found("name", "icontains", "émi") == ["Émilie"]
    assert _found("name", "icontains", "ÉMI") == ["Émilie"]
    assert _found("name", "icontains", "école") == ["ÉCOLE"]
    assert _found("name", "icontains", "œuv") == ["Œuvres"]
    assert _found("name", "istartswith", "é") == ["ÉCOLE", "Émilie"]
    assert _found("name", "iendswith", "ILIE") == ["Émilie"]


def test_accents_still_count(directions):
    assert _found("name", "icontains", "emi") == []
    assert _found("name", "iexact", "Ecole") == []


def test_an_exact_name_ignores_case_only(directions):
    assert _found("name", "iexact", "émilie") == ["Émilie"]
    assert _found("name", "iexact", "émili") == []
    assert _found("name", "iexact", "émiliee") == []
    assert not Direction.objects.filter(name="émilie").exists()
    assert Direction.objects.filter(name="Émilie").exists()


def test_a_searchs_percent_and_underscore_are_the_characters_typed(directions):
    assert _found("name", "icontains", "50%") == ["50% bio"]
    assert _found("name", "icontains", "a_b") == ["a_b"]
    assert _found("name", "icontains", "%") == ["50% bio"]
    assert _found("name", "icontains", "\\") == []


def test_like_keeps_its_wildcards_meaning():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'ab' LIKE 'a_', 'abc' LIKE 'a_', 'axyc' LIKE 'a%%c', "
                       "'axyd' LIKE 'a%%c', 'a_' LIKE 'a!_' ESCAPE '!', 'ab' LIKE 'a!_' ESCAPE '!'")
        assert [bool(v) for v in cursor.fetchone()] == [True, False, True, False, True, False]


def test_null_is_like_nothing():
    with connection.cursor() as cursor:
        cursor.execute("SELECT NULL LIKE 'a', 'a' LIKE NULL, 'A' LIKE 'a', 'A' LIKE 'b'")
        row = [None if v is None else bool(v) for v in cursor.fetchone()]
    assert row == [None, None, connection.vendor == "sqlite", False]


def test_a_gardener_finds_emilie_typing_emi(community, people, client):
    MembershipFactory(community=community, user=UserFactory(display_name="Émilie Durand"))
    MembershipFactory(community=community, user=UserFactory(display_name="Bruno Petit"))
    client.force_login(people["gardener"])

    page = client.get(reverse("communities:members", args=[community.slug]),
                      {"q": "émi"}).content.decode()

    assert "Émilie Durand" in page
    assert "Bruno Petit" not in page


def test_a_channel_differing_by_an_accented_capital_is_taken(community, in_english):
    Channel.objects.create(community=community, name="Écologie")
    member = MembershipFactory(community=community, circle=Circle.ENGAGED).user

    assert refusals(lambda: topic_propose(author=member, community=community, name="écologie",
                                          description="Les haies", min_circle=Circle.INFORMED)
                    ) == [("name", "This community already has a channel called “écologie”.",
                           "name_taken")]


def test_the_unique_index_takes_a_name_in_capitals_for_the_same_name(community):
    # Behind the services' check, the database's own: on SQLite too, lower()
    # folds every letter as PostgreSQL's does (terreau/sqlite.py).
    from django.db import IntegrityError, transaction
    from django.db.models.functions import Lower, Upper

    Channel.objects.create(community=community, name="Été au jardin")
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.create(community=community, name="ÉTÉ AU JARDIN")
    assert Channel.objects.filter(name__startswith="É").annotate(
        low=Lower("name"), up=Upper("name")).values_list("low", "up").get() == (
        "été au jardin", "ÉTÉ AU JARDIN")
