"""The directory's services at their edges: each refusal's field, code and
words, each boundary on both sides, what a save, a removal and a departure
write and withdraw, in this community only."""

from decimal import Decimal

import pytest

from accounts.models import Consent
from directory import services
from directory.models import DirectoryEntry
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def open_consents(user) -> set:
    return set(
        Consent.objects.filter(user=user, withdrawn_at__isnull=True)
        .values_list("purpose", "scope")
    )


def scope(community) -> str:
    return f"communities.community:{community.pk}"


@pytest.fixture
def member(community, other_community):
    """A member of both communities."""
    user = UserFactory()
    MembershipFactory(community=community, user=user)
    MembershipFactory(community=other_community, user=user)
    return user


# The location, alone --------------------------------------------------------

@pytest.mark.parametrize(("latitude", "longitude"), [
    (None, None), ("", ""), ("  ", None), (None, " \t"),
])
def test_no_coordinates_is_no_location(latitude, longitude):
    assert services.check_location(latitude, longitude) == (None, None)


NOT_A_NUMBER = "Enter a number, such as 43.604."


@pytest.mark.parametrize(("latitude", "longitude", "expected"), [
    ("45", "", [("longitude", "Give the longitude too, or leave both coordinates empty.",
                 "incomplete")]),
    (None, "4", [("latitude", "Give the latitude too, or leave both coordinates empty.",
                  "incomplete")]),
    ("  ", "4", [("latitude", "Give the latitude too, or leave both coordinates empty.",
                  "incomplete")]),
    ("north", "east", [
        ("latitude", NOT_A_NUMBER, "invalid"),
        ("longitude", NOT_A_NUMBER, "invalid"),
    ]),
    ("", "east", [
        ("latitude", "Give the latitude too, or leave both coordinates empty.", "incomplete"),
        ("longitude", NOT_A_NUMBER, "invalid"),
    ]),
    ("90.001", "-180.001", [
        ("latitude", "Enter a number between -90 and 90.", "out_of_range"),
        ("longitude", "Enter a number between -180 and 180.", "out_of_range"),
    ]),
    ("-90.001", "180.001", [
        ("latitude", "Enter a number between -90 and 90.", "out_of_range"),
        ("longitude", "Enter a number between -180 and 180.", "out_of_range"),
    ]),
    # Rounded first: 90.0005 is 90.001.
    ("90.0005", "4", [("latitude", "Enter a number between -90 and 90.", "out_of_range")]),
    ("NaN", "4", [("latitude", "Enter a number between -90 and 90.", "out_of_range")]),
    ("45", "-Infinity", [("longitude", NOT_A_NUMBER, "invalid")]),
    ("1e999999", "4", [("latitude", NOT_A_NUMBER, "invalid")]),
    ([45], object(), [
        ("latitude", NOT_A_NUMBER, "invalid"),
        ("longitude", NOT_A_NUMBER, "invalid"),
    ]),
])
def test_each_bad_coordinate_is_named_with_its_code(latitude, longitude, expected):
    assert refusals(lambda: services.check_location(latitude, longitude)) == expected


@pytest.mark.parametrize(("latitude", "longitude", "expected"), [
    ("90", "-180", (Decimal("90.000"), Decimal("-180.000"))),
    ("-90", "180", (Decimal("-90.000"), Decimal("180.000"))),
    ("90.0004", "-180.0004", (Decimal("90.000"), Decimal("-180.000"))),
    # Half up, not to even: 45.7465 is 45.747; a decimal comma and spaces are read.
    (" 45,7465 ", "4.8425", (Decimal("45.747"), Decimal("4.843"))),
    (Decimal("45.5"), 4, (Decimal("45.500"), Decimal("4.000"))),
])
def test_the_limits_are_accepted_and_rounded(latitude, longitude, expected):
    assert services.check_location(latitude, longitude) == expected


# Saving an entry -------------------------------------------------------------

def test_a_territory_of_the_limit_is_kept_and_one_more_character_is_refused(member, community):
    services.entry_save(community=community, user=member, territory="x" * 120)
    assert DirectoryEntry.objects.get().territory == "x" * 120
    assert refusals(lambda: services.entry_save(
        community=community, user=member, territory="y" * 121)) == [
        ("territory", "Keep the territory under 120 characters.", "too_long")]
    assert DirectoryEntry.objects.get().territory == "x" * 120


def test_spaces_count_once_towards_the_limit(member, community):
    entry = services.entry_save(
        community=community, user=member, territory="  " + "x " * 60 + "  ")
    assert len(entry.territory) == 119


def test_every_bad_field_is_reported_at_once_and_nothing_is_written(member, community):
    assert refusals(lambda: services.entry_save(
        community=community, user=member, territory="x" * 121, latitude="north",
        longitude="")) == [
        ("latitude", NOT_A_NUMBER, "invalid"),
        ("longitude", "Give the longitude too, or leave both coordinates empty.",
         "incomplete"),
        ("territory", "Keep the territory under 120 characters.", "too_long"),
    ]
    assert not DirectoryEntry.objects.exists()
    assert open_consents(member) == set()


def test_a_member_elsewhere_is_not_a_member_here(community, other_community):
    user = UserFactory()
    MembershipFactory(community=other_community, user=user)
    assert refusals(lambda: services.entry_save(
        community=community, user=user, territory="Lyon")) == [
        (None, f"Only members of {community} can be listed in its directory.", "not_member")]
    assert not DirectoryEntry.objects.exists()
    assert open_consents(user) == set()


def test_a_first_save_writes_every_field_and_both_consents(member, community):
    entry = services.entry_save(community=community, user=member, territory=None,
                                latitude="45.1", longitude="4.2", show_email="on")
    stored = DirectoryEntry.objects.get()
    assert stored == entry
    assert (stored.community, stored.user, stored.territory, stored.latitude,
            stored.longitude, stored.show_email) == (
        community, member, "", Decimal("45.100"), Decimal("4.200"), True)
    assert open_consents(member) == {
        (Consent.Purpose.DIRECTORY, scope(community)),
        (Consent.Purpose.MAP_POSITION, scope(community)),
    }


def test_a_second_save_changes_every_field_and_withdraws_the_map_consent(member, community):
    services.entry_save(community=community, user=member, territory="Lyon",
                        latitude="45.1", longitude="4.2", show_email=True)
    entry = services.entry_save(community=community, user=member, territory="Bron")
    stored = DirectoryEntry.objects.get()
    assert stored == entry
    assert (stored.territory, stored.latitude, stored.longitude, stored.show_email) == (
        "Bron", None, None, False)
    assert open_consents(member) == {(Consent.Purpose.DIRECTORY, scope(community))}
    entry = services.entry_save(community=community, user=member, territory="Bron",
                                latitude="-45.1", longitude="-4.2", show_email=1)
    stored = DirectoryEntry.objects.get()
    assert (stored.latitude, stored.longitude, stored.show_email) == (
        Decimal("-45.100"), Decimal("-4.200"), True)
    assert (Consent.Purpose.MAP_POSITION, scope(community)) in open_consents(member)


def test_saving_here_leaves_the_entry_elsewhere(member, community, other_community):
    services.entry_save(community=other_community, user=member, territory="Lyon",
                        latitude="45", longitude="4", show_email=True)
    services.entry_save(community=community, user=member, territory="Bron")
    services.entry_save(community=community, user=member, territory="Vaulx")
    elsewhere = DirectoryEntry.objects.get(community=other_community)
    assert (elsewhere.territory, elsewhere.latitude, elsewhere.show_email) == (
        "Lyon", Decimal("45.000"), True)
    assert (Consent.Purpose.MAP_POSITION, scope(other_community)) in open_consents(member)


# Removing --------------------------------------------------------------------

def test_removing_the_location_here_keeps_it_elsewhere(member, community, other_community):
    for where in (community, other_community):
        services.entry_save(community=where, user=member, territory="Lyon",
                            latitude="45", longitude="4")
    assert services.entry_remove_location(community=community, user=member) is True
    here = DirectoryEntry.objects.get(community=community)
    elsewhere = DirectoryEntry.objects.get(community=other_community)
    assert (here.territory, here.latitude, here.longitude) == ("Lyon", None, None)
    assert (elsewhere.latitude, elsewhere.longitude) == (Decimal("45.000"), Decimal("4.000"))
    assert open_consents(member) == {
        (Consent.Purpose.DIRECTORY, scope(community)),
        (Consent.Purpose.DIRECTORY, scope(other_community)),
        (Consent.Purpose.MAP_POSITION, scope(other_community)),
    }


def test_removing_a_location_there_is_not_says_so(member, community, other_community):
    services.entry_save(community=other_community, user=member, latitude="45", longitude="4")
    assert services.entry_remove_location(community=community, user=member) is False
    services.entry_save(community=community, user=member, territory="Lyon")
    assert services.entry_remove_location(community=community, user=member) is False
    assert DirectoryEntry.objects.get(community=other_community).latitude == Decimal("45.000")


def test_removing_the_entry_here_keeps_it_elsewhere(member, community, other_community):
    for where in (community, other_community):
        services.entry_save(community=where, user=member, latitude="45", longitude="4")
    assert services.entry_remove(community=community, user=member) is True
    assert list(DirectoryEntry.objects.values_list("community", flat=True)) == [
        other_community.pk]
    assert open_consents(member) == {
        (Consent.Purpose.DIRECTORY, scope(other_community)),
        (Consent.Purpose.MAP_POSITION, scope(other_community)),
    }
    assert services.entry_remove(community=community, user=member) is False


def test_a_departure_removes_the_entry_and_its_consents_here_only(
        member, community, other_community):
    for where in (community, other_community):
        services.entry_save(community=where, user=member, latitude="45", longitude="4")
    services.entry_remove_on_departure(community=community, user=member)
    assert list(DirectoryEntry.objects.values_list("community", flat=True)) == [
        other_community.pk]
    assert open_consents(member) == {
        (Consent.Purpose.DIRECTORY, scope(other_community)),
        (Consent.Purpose.MAP_POSITION, scope(other_community)),
    }


def test_a_save_without_territory_lists_none(member, community):
    services.entry_save(community=community, user=member)
    assert DirectoryEntry.objects.get().territory == ""


def test_each_removal_touches_the_person_only(member, community):
    neighbour = UserFactory()
    MembershipFactory(community=community, user=neighbour)
    services.entry_save(community=community, user=neighbour, territory="Bron",
                        latitude="45.7", longitude="4.9")
    services.entry_save(community=community, user=member, latitude="45", longitude="4")

    services.entry_remove_location(community=community, user=member)
    services.entry_remove(community=community, user=member)
    services.entry_save(community=community, user=member, latitude="45", longitude="4")
    services.entry_remove_on_departure(community=community, user=member)

    kept = DirectoryEntry.objects.get()
    assert (kept.user, kept.territory, kept.latitude, kept.longitude) == (
        neighbour, "Bron", Decimal("45.700"), Decimal("4.900"))
    assert open_consents(neighbour) == {
        (Consent.Purpose.DIRECTORY, scope(community)),
        (Consent.Purpose.MAP_POSITION, scope(community)),
    }
