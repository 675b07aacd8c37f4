"""A page's address for a new row (terreau/slugs.py): the name made into a
slug, the next number when it is taken, and a second try when another
creation took it between the read and the write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from calls import services as calls
from communities import services as communities
from communities.models import Direction
from organisations import services as organisations
from organisations.models import Organisation
from processes import services as processes
from terreau import slugs
from tests.concurrency import race
from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def organisation(name: str, slug: str = "") -> Organisation:
    return Organisation(name=name, slug=slug, kind=Organisation.Kind.ASSOCIATION)


def free(name: str, **kwargs) -> str:
    return slugs.free_slug(Organisation.objects.all(), name, **{
        "max_length": 20, "fallback": "organisation", **kwargs})


# The first free slug ---------------------------------------------------------

def test_a_name_gives_its_slug_and_a_taken_one_the_next_number():
    assert free("Jardins Partagés") == "jardins-partages"
    organisation("A", "jardins-partages").save()
    assert free("Jardins Partagés") == "jardins-partages-2"
    organisation("B", "jardins-partages-2").save()
    organisation("C", "jardins-partages-4").save()
    assert free("Jardins Partagés") == "jardins-partages-3"


def test_a_slug_that_only_begins_like_it_takes_nothing_from_it():
    organisation("A", "haies-vives").save()
    organisation("B", "haie").save()
    assert free("Haies") == "haies"


def test_a_reserved_word_is_never_given():
    assert free("New", reserved={"new", "leads"}) == "new-2"
    assert free("Newer", reserved={"new", "leads"}) == "newer"


def test_the_slug_is_cut_at_its_length_and_loses_a_dash_at_the_cut():
    assert free("a" * 21) == "a" * 20
    assert free("a" * 20) == "a" * 20
    # The 20th character is the dash between the words.
    assert free("b" * 19 + " cdef") == "b" * 19


def test_a_name_with_nothing_to_keep_gets_the_fallback():
    assert free("???") == "organisation"
    assert free("  ") == "organisation"
    organisation("A", "organisation").save()
    assert free("!!!") == "organisation-2"


def test_the_free_slug_is_read_in_one_query():
    for n in range(1, 6):
        organisation(str(n), "haies" if n == 1 else f"haies-{n}").save()
    with CaptureQueriesContext(connection) as queries:
        assert free("Haies") == "haies-6"
    assert len(queries) == 1


# Saving under it --------------------------------------------------------------

def stale_reads(monkeypatch, count: int, slug: str) -> list[str]:
    """The first `count` reads of a free slug see `slug` free: another
    creation took it after they read."""
    asked = []
    read = slugs.free_slug

    def read_before_the_other_commit(queryset, name, **kwargs):
        asked.append(name)
        return slug if len(asked) <= count else read(queryset, name, **kwargs)

    monkeypatch.setattr(slugs, "free_slug", read_before_the_other_commit)
    return asked


def save(row: Organisation) -> Organisation:
    return slugs.save_under_free_slug(row, row.name, queryset=Organisation.objects.all(),
                                      max_length=20, fallback="organisation")


def test_a_slug_taken_in_between_is_replaced_by_the_next_free_one(monkeypatch):
    organisation("Haies", "haies").save()
    asked = stale_reads(monkeypatch, 1, "haies")
    row = save(organisation("Haies"))
    assert (asked, row.slug) == (["Haies", "Haies"], "haies-2")
    assert Organisation.objects.get(pk=row.pk).slug == "haies-2"


def test_it_tries_five_times_then_gives_up(monkeypatch):
    organisation("Haies", "haies").save()
    asked = stale_reads(monkeypatch, 4, "haies")
    assert save(organisation("Haies")).slug == "haies-2"
    assert len(asked) == 5

    asked = stale_reads(monkeypatch, 5, "haies")
    with pytest.raises(IntegrityError, match="^No free slug for 'Haies' in 5 attempts$"):
        save(organisation("Haies"))
    assert len(asked) == 5
    assert Organisation.objects.count() == 2


def test_another_refusal_of_the_database_is_not_taken_for_a_taken_slug():
    attempts = []

    def refused():
        attempts.append(1)
        raise IntegrityError("another constraint")

    with pytest.raises(IntegrityError, match="another constraint"):
        slugs.save_under_free_slug(
            organisation("Haies"), "Haies", queryset=Organisation.objects.all(),
            max_length=20, fallback="organisation", save=refused)
    assert attempts == [1]
    assert not Organisation.objects.exists()


def test_another_unique_value_taken_in_between_is_said_in_words():
    """A direction's name is unique too: taken after the form was checked,
    the refusal is the one the form would have given."""
    Direction.objects.create(name="Mobilités", slug="mobilites")
    with pytest.raises(ValidationError) as refused:
        slugs.save_under_free_slug(Direction(name="Mobilités"), "Mobilités",
                                   queryset=Direction.objects.all(), max_length=20,
                                   fallback="direction")
    assert [(field, e.code) for field, errors in refused.value.error_dict.items()
            for e in errors] == [("name", "unique")]
    assert Direction.objects.count() == 1


# Two creations of the same name at the same moment (PostgreSQL) --------------

ROUNDS = 8


def create_organisation(name, _direction, _agent):
    return organisations.organisation_create(creator=_agent, name=name, kind="association")


def create_call(name, direction, agent):
    return calls.call_create(
        agent=agent, direction=direction, title=name, summary="s", budget=Decimal(1000),
        opens_at=dt.datetime(2027, 2, 1, tzinfo=dt.UTC),
        closes_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC), criteria=[("Utilité", 1)])


def create_process(name, direction, agent):
    return processes.process_create(
        actor=agent, direction=direction, title=name, summary="s", territory="t",
        elected_official="e", open_to_debate="o", not_open_to_debate="n",
        decision_maker="d", contributions_use="c", answer_due_on=dt.date(2027, 6, 30))


def create_community(name, direction, _agent):
    return communities.community_create(name=name, description="d", territory="t",
                                        direction=direction)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("create", [create_organisation, create_call, create_process])
def test_two_creations_of_one_name_at_once_both_land_under_two_slugs(postgres, create):
    direction, agent = DirectionFactory(), UserFactory(verified=False)
    for n in range(ROUNDS):
        name = f"Jardins {n}"
        outcomes = race(*[lambda name=name: create(name, direction, agent).slug] * 2)
        assert sorted(outcomes) == [f"jardins-{n}", f"jardins-{n}-2"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_communities_of_one_name_at_once_one_lands_and_the_other_is_told(postgres):
    """A community's name is unique: the second creator is told it is taken."""
    direction = DirectionFactory()
    for n in range(ROUNDS):
        name = f"Jardins {n}"
        outcomes = race(*[lambda name=name: create_community(name, direction, None).slug] * 2)
        assert sorted(outcomes, key=str) == [f"jardins-{n}", {"name": ["unique"]}]
