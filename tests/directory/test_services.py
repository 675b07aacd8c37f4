"""Listing oneself, changing, removing; leaving the community removes the entry."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from communities import services as community_services
from directory import services
from directory.models import DirectoryEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_lists_themselves_with_a_rounded_location(people, community):
    entry = services.entry_save(
        community=community, user=people["citizen"], territory="  Lyon   7e ",
        latitude="45.74649", longitude="4,84251", show_email=True,
    )
    entry.refresh_from_db()
    assert (entry.territory, entry.latitude, entry.longitude, entry.show_email) == (
        "Lyon 7e", Decimal("45.746"), Decimal("4.843"), True
    )


def test_saving_again_changes_the_same_entry(people, community):
    services.entry_save(community=community, user=people["citizen"], territory="Lyon")
    services.entry_save(
        community=community, user=people["citizen"], territory="Villeurbanne",
        latitude="45.77", longitude="4.88",
    )
    entry = DirectoryEntry.objects.get()
    assert (entry.territory, entry.latitude) == ("Villeurbanne", Decimal("45.770"))


def test_a_non_member_cannot_be_listed(people, community):
    with pytest.raises(ValidationError) as error:
        services.entry_save(community=community, user=people["gardener"], territory="Lyon")
    assert error.value.code == "not_member"
    assert not DirectoryEntry.objects.exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("91", "4", "latitude"),
        ("-90.5", "4", "latitude"),
        ("45", "180.1", "longitude"),
        ("45", "-181", "longitude"),
        ("45", "", "longitude"),
        ("", "4", "latitude"),
        ("north", "4", "latitude"),
        ("NaN", "4", "latitude"),
        ("45", "inf", "longitude"),
        ("1e999999", "4", "latitude"),
    ],
)
def test_a_bad_location_changes_nothing(people, community, latitude, longitude, field):
    services.entry_save(community=community, user=people["citizen"], territory="Lyon")
    with pytest.raises(ValidationError) as error:
        services.entry_save(
            community=community, user=people["citizen"], territory="Ailleurs",
            latitude=latitude, longitude=longitude,
        )
    assert field in error.value.error_dict
    entry = DirectoryEntry.objects.get()
    assert (entry.territory, entry.latitude) == ("Lyon", None)


def test_the_limits_themselves_are_accepted(people, community):
    entry = services.entry_save(
        community=community, user=people["citizen"], latitude="-90", longitude="180"
    )
    assert (entry.latitude, entry.longitude) == (Decimal("-90.000"), Decimal("180.000"))


def test_a_too_long_territory_is_refused(people, community):
    with pytest.raises(ValidationError):
        services.entry_save(community=community, user=people["citizen"], territory="x" * 121)
    assert not DirectoryEntry.objects.exists()


def test_removing_the_location_keeps_the_entry(people, community):
    services.entry_save(
        community=community, user=people["citizen"], territory="Lyon", latitude="45", longitude="4"
    )
    assert services.entry_remove_location(community=community, user=people["citizen"]) is True
    entry = DirectoryEntry.objects.get()
    assert (entry.territory, entry.latitude, entry.longitude) == ("Lyon", None, None)
    assert services.entry_remove_location(community=community, user=people["citizen"]) is False


def test_removing_the_entry_deletes_it(people, community):
    services.entry_save(community=community, user=people["citizen"], territory="Lyon")
    assert services.entry_remove(community=community, user=people["citizen"]) is True
    assert not DirectoryEntry.objects.exists()
    assert services.entry_remove(community=community, user=people["citizen"]) is False


def test_leaving_the_community_removes_the_entry_there_only(people, community, other_community):
    member = people["engaged"]
    community_services.membership_join(community=other_community, user=member)
    services.entry_save(community=community, user=member, territory="Lyon")
    services.entry_save(community=other_community, user=member, territory="Lyon")
    community_services.membership_leave(community=community, user=member)
    assert list(DirectoryEntry.objects.values_list("community", flat=True)) == [other_community.pk]


def test_a_removed_member_is_removed_from_the_directory(people, community):
    services.entry_save(community=community, user=people["informed"], territory="Lyon")
    community_services.membership_remove(
        community=community, user=people["informed"], actor=people["gardener"], reason="Spam"
    )
    assert not DirectoryEntry.objects.exists()


def test_a_refused_departure_keeps_the_entry(people, community):
    services.entry_save(community=community, user=people["informed"], territory="Lyon")
    with pytest.raises(ValidationError):
        community_services.membership_remove(
            community=community, user=people["informed"], actor=people["gardener"], reason=" "
        )
    assert DirectoryEntry.objects.filter(user=people["informed"]).exists()


def test_deleting_the_account_deletes_the_entries(community):
    user = UserFactory()
    community_services.membership_join(community=community, user=user)
    services.entry_save(community=community, user=user, territory="Lyon")
    user.delete()
    assert not DirectoryEntry.objects.exists()
