"""Names are listed in the order a French reader expects (terreau/fields.py,
NameField): accents and case only break ties, on PostgreSQL, the database
the platform runs on, and on SQLite, the newcomer's. With the server's
"C.UTF-8" collation, or SQLite's own, "Émilie" came after "Zoé" and "anne"
after every capital."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from communities.models import Community, Direction, Membership
from communities.selectors import member_list
from councils.models import Candidate, Council, Member
from discussions.models import Channel
from organisations.models import Organisation
from processes.models import Proposal
from terreau.fields import FRENCH, SQLITE_FRENCH, NameField
from terreau.french import sort_key
from tests.factories import MembershipFactory, UserFactory
from workgroups.models import WorkingGroup

# As written, then as read in a French list.
NAMES = ["Zoé", "Émilie", "anne", "Éric", "Bruno", "de Villiers", "Eric"]
FRENCH_ORDER = ["anne", "Bruno", "de Villiers", "Émilie", "Eric", "Éric", "Zoé"]

pytestmark = pytest.mark.django_db


NAMED = [(("accounts", "User"), "display_name"), (Community, "name"), (Direction, "name"),
         (Organisation, "name"), (WorkingGroup, "name"), (Channel, "name"), (Council, "name"),
         (Candidate, "name"), (Member, "name"), (Proposal, "title")]


def _models():
    from django.apps import apps

    for model, name in NAMED:
        yield (apps.get_model(model[0], model[1]) if isinstance(model, tuple) else model), name


def _column_collation(model, name) -> str | None:
    """The collation the database gives the column, as its schema says."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = %s", [model._meta.db_table, name])
            return cursor.fetchone()[0]
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
                       [model._meta.db_table])
        found = re.search(rf'"{name}" [^,]*? COLLATE "?(\w[\w-]*)"?', cursor.fetchone()[0])
        return found.group(1) if found else None


def test_the_names_of_people_communities_and_others_are_in_french_order():
    expected = FRENCH if connection.vendor == "postgresql" else SQLITE_FRENCH
    for model, name in _models():
        assert isinstance(model._meta.get_field(name), NameField), (model, name)
        assert _column_collation(model, name) == expected, (model, name)
    with connection.cursor() as cursor:  # what those columns now compare by
        cursor.execute("CREATE TEMPORARY TABLE spelled (name varchar(20) COLLATE "
                       f'"{expected}")')
        for name in NAMES:
            cursor.execute("INSERT INTO spelled (name) VALUES (%s)", [name])
        cursor.execute("SELECT name FROM spelled ORDER BY name")
        assert [row[0] for row in cursor.fetchall()] == FRENCH_ORDER


def test_sqlite_compares_names_as_python_sorts_them():
    from terreau.fields import compare_in_french

    assert [compare_in_french(a, b) for a, b in (("anne", "Bruno"), ("Éric", "Eric"),
                                                 ("Zoé", "Zoé"), ("Zoé", "Émilie"))] == [
        -1, 1, 0, 1]


def test_a_communitys_members_are_listed_in_french_order(community):
    for name in NAMES:
        MembershipFactory(community=community, user=UserFactory(display_name=name))

    assert [m.user.display_name for m in member_list(community=community)] == FRENCH_ORDER


def test_the_members_page_lists_them_in_french_order(community, people, client):
    Membership.objects.filter(community=community).delete()
    for name in NAMES:
        MembershipFactory(community=community, user=UserFactory(display_name=name))
    client.force_login(people["gardener"])

    page = client.get(reverse("communities:members", args=[community.slug])).content.decode()

    positions = [page.index(f">{name}<") for name in FRENCH_ORDER]
    assert positions == sorted(positions)


def test_directions_are_offered_in_french_order():
    for number, name in enumerate(NAMES):
        Direction.objects.create(name=name, slug=f"d-{number}")

    assert list(Direction.objects.order_by("name").values_list("name", flat=True)) == (
        FRENCH_ORDER)


def test_a_unique_name_is_still_unique_whatever_its_order():
    Direction.objects.create(name="Émilie", slug="emilie")
    assert not Direction.objects.filter(name="Emilie").exists()
    assert Direction.objects.filter(name__icontains="émi").count() == 1
    assert Direction.objects.filter(name__startswith="Ém").count() == 1


# --- Lists sorted in Python (terreau/french.py, sort_key): on every database ---


def test_python_sorts_names_as_the_database_does():
    assert sorted(NAMES, key=sort_key) == FRENCH_ORDER
    assert sorted(["anne", "Anne", "ANNE"], key=sort_key) == ["anne", "Anne", "ANNE"]
    assert sort_key("Œuvre") <= sort_key("Zèbre")


def test_my_communities_and_my_subscriptions_are_in_french_order(login):
    from communities.selectors import my_communities
    from newsletters.selectors import my_subscriptions
    from tests.factories import CommunityFactory

    person = UserFactory()
    for number, name in enumerate(NAMES):
        MembershipFactory(user=person, community=CommunityFactory(name=name,
                                                                  slug=f"c{number}"))

    current, _past = my_communities(person)
    assert [entry.community.name for entry in current] == FRENCH_ORDER
    assert [line.community.name for line in my_subscriptions(person)] == FRENCH_ORDER
    page = login(person).get(reverse("communities:mine")).content.decode()
    assert [page.index(f">{name}<") for name in FRENCH_ORDER] == sorted(
        page.index(f">{name}<") for name in FRENCH_ORDER)


def test_an_events_registrants_are_in_french_order_within_their_status():
    from events.models import Registration
    from events.selectors import registrants
    from tests.events.factories import EventFactory

    event = EventFactory(capacity=None)
    for number, name in enumerate(NAMES):
        Registration.objects.create(event=event, name=name, email=f"r{number}@example.org",
                                    status=Registration.Status.CONFIRMED, code=f"CODE{number}")

    assert [r.name for r in registrants(event)] == FRENCH_ORDER


def test_a_directorys_filters_offer_territories_skills_and_interests_in_french_order(
        community):
    from directory.selectors import territories, used_interests, used_skills
    from tests.directory.factories import DirectoryEntryFactory

    for name in NAMES:
        person = UserFactory()
        person.skills.set([name])
        person.interests.set([name])
        MembershipFactory(community=community, user=person)
        DirectoryEntryFactory(community=community, user=person, territory=name)

    assert territories(community) == FRENCH_ORDER
    assert used_skills(community) == FRENCH_ORDER
    assert used_interests(community) == FRENCH_ORDER


def test_the_communities_overview_sorts_names_in_french_order():
    from types import SimpleNamespace

    from insights.selectors import sort_overview_rows

    rows = [SimpleNamespace(name=name, direction_name=name, total=1) for name in NAMES]

    assert [r.name for r in sort_overview_rows(rows, "name", False)] == FRENCH_ORDER
    assert [r.name for r in sort_overview_rows(rows, "direction", True)] == FRENCH_ORDER[::-1]
    # Equal counts: the names break the tie, in French order.
    assert [r.name for r in sort_overview_rows(rows, "total", False)] == FRENCH_ORDER
