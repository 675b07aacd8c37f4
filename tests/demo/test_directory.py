"""The demo's directories: about 60% listed, located around real places, idempotent."""

import pytest
from django.db import transaction

from communities.models import Community, Membership
from demo import communities as communities_demo
from demo import directory as directory_demo
from demo.places import BOUNDS, communes_of, free_spot
from directory import services as directory_services
from directory.models import DirectoryEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def first_seed(django_db_setup, django_db_blocker):
    """The communities and their directories, seeded once for the module and
    rolled back at its end; each test in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        communities_demo.seed()
        yield directory_demo.seed()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(first_seed, db):
    return first_seed


def test_about_sixty_percent_of_each_community_is_listed(seeded):
    for community in Community.objects.all():
        members = Membership.objects.filter(community=community).count()
        listed = DirectoryEntry.objects.filter(community=community).count()
        assert 0.5 * members <= listed <= 0.7 * members, community.slug
        with_location = DirectoryEntry.objects.filter(
            community=community, latitude__isnull=False
        ).count()
        assert 0 < with_location < listed


def test_locations_are_in_occitanie_and_territories_are_named(seeded):
    for entry in DirectoryEntry.objects.exclude(latitude=None):
        assert BOUNDS["south"] < entry.latitude < BOUNDS["north"]
        assert BOUNDS["west"] < entry.longitude < BOUNDS["east"]
    assert not DirectoryEntry.objects.filter(territory="").exists()


def test_no_two_pins_share_a_spot_even_when_seeded_in_two_goes(seeded):
    # Given a member listed by hand on the spot the demo would give next
    community = Community.objects.get(slug="biodiversite")
    DirectoryEntry.objects.filter(community=community).delete()
    taken = set(DirectoryEntry.objects.exclude(latitude=None).values_list("latitude", "longitude"))
    lat, lng = free_spot(communes_of("biodiversite")[0], set(taken))
    first = Membership.objects.filter(community=community).order_by("user_id").first()
    directory_services.entry_save(community=community, user=first.user, territory="Foix",
                                  latitude=lat, longitude=lng)

    # When the demo lists the others
    directory_demo.seed()

    # Then every pin has a spot of its own
    spots = list(DirectoryEntry.objects.exclude(latitude=None).values_list("latitude", "longitude"))
    assert len(spots) == len(set(spots)) > 100


def test_the_demo_accounts_tell_both_stories(seeded):
    assert DirectoryEntry.objects.filter(user__email="engage@demo.terreau.fr").exists()
    assert not DirectoryEntry.objects.filter(user__email="informe@demo.terreau.fr").exists()


def test_a_second_run_creates_nothing(seeded):
    before = DirectoryEntry.objects.count()
    assert seeded["entries"] == before > 0
    assert directory_demo.seed() == {"entries": 0}
    assert DirectoryEntry.objects.count() == before
