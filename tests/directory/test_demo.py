"""The demo's directories: about 60% listed, located around real places, idempotent."""

import pytest

from communities import demo as communities_demo
from communities.models import Community, Membership
from directory import demo
from directory.models import DirectoryEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    communities_demo.seed()
    return demo.seed()


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
        assert 42.5 < entry.latitude < 44.8 and 0.0 < entry.longitude < 4.8
    assert not DirectoryEntry.objects.filter(territory="").exists()


def test_the_demo_accounts_tell_both_stories(seeded):
    assert DirectoryEntry.objects.filter(user__email="engage@demo.terreau.fr").exists()
    assert not DirectoryEntry.objects.filter(user__email="informe@demo.terreau.fr").exists()


def test_a_second_run_creates_nothing(seeded):
    before = DirectoryEntry.objects.count()
    assert seeded["entries"] == before > 0
    assert demo.seed() == {"entries": 0}
    assert DirectoryEntry.objects.count() == before
