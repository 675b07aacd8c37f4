"""The organisations' services at their edges: the slug, who becomes admin,
which fields a write may touch, each refusal's field, code and words, and
links to communities, one organisation and one community at a time."""

import pytest
from django.utils import translation

from organisations import services
from organisations.models import CommunityLink, Organisation, OrganisationMember
from tests.factories import CommunityFactory, UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(email="admin@example.org")


@pytest.fixture
def org(admin):
    return services.organisation_create(creator=admin, name="Les Haies", kind="association")


def members(organisation) -> list:
    return sorted(OrganisationMember.objects.filter(organisation=organisation)
                  .values_list("user__email", "role"))


# Creating ----------------------------------------------------------------------

def test_the_creator_is_its_only_admin_and_knows_it_at_once(admin):
    elsewhere = services.organisation_create(creator=UserFactory(), name="Ailleurs",
                                             kind="collective")
    assert not admin.has_perm("organisations.change_organisation", elsewhere)  # remembered
    org = services.organisation_create(creator=admin, name="Les Haies", kind="association",
                                       themes=["haies", "mares"])
    assert members(org) == [("admin@example.org", "admin")]
    assert admin.has_perm("organisations.change_organisation", org)
    assert sorted(Organisation.objects.get(pk=org.pk).themes.names()) == ["haies", "mares"]


def test_a_name_taken_gets_the_next_free_number():
    slugs = [services.organisation_create(creator=UserFactory(), name="Les Haies",
                                          kind="association").slug for _ in range(3)]
    assert slugs == ["les-haies", "les-haies-2", "les-haies-3"]


def test_a_name_without_letters_gets_a_slug_all_the_same():
    slugs = [services.organisation_create(creator=UserFactory(), name="!!!",
                                          kind="association").slug for _ in range(2)]
    assert slugs == ["organisation", "organisation-2"]


def test_a_long_name_keeps_160_characters_of_slug_and_room_for_a_number():
    name = "a" * 160
    first, second = (services.organisation_create(creator=UserFactory(), name=name,
                                                  kind="association") for _ in range(2))
    assert (first.slug, second.slug) == ("a" * 160, "a" * 160 + "-2")


def test_a_name_whose_letters_grow_in_ascii_keeps_160_characters_of_slug():
    # "ﬁ" (one ligature) is spelled "fi": 100 of them are 200 letters of slug.
    org = services.organisation_create(creator=UserFactory(), name="ﬁ" * 100,
                                       kind="association")
    assert org.slug == "fi" * 80


def test_what_is_not_a_field_of_the_form_is_ignored(admin):
    org = services.organisation_create(creator=admin, name="Les Haies", kind="association",
                                       slug="chosen", verified_at="2026-01-01T00:00Z",
                                       territory="Lyon")
    org = Organisation.objects.get(pk=org.pk)
    assert (org.slug, org.verified_at, org.territory) == ("les-haies", None, "Lyon")


def test_a_refused_organisation_leaves_nothing_behind(admin):
    assert refusals(lambda: services.organisation_create(
        creator=admin, name="Les Haies", kind="club")) == [
        ("kind", "Value 'club' is not a valid choice.", "invalid_choice")]
    assert not Organisation.objects.exists()
    assert not OrganisationMember.objects.exists()


# Changing --------------------------------------------------------------------

def test_an_update_changes_the_fields_given_and_nothing_else(org):
    services.organisation_update(organisation=org, territory="Bron", slug="other",
                                 verified_at="2026-01-01T00:00Z", themes=["mares"])
    stored = Organisation.objects.get(pk=org.pk)
    assert (stored.name, stored.slug, stored.territory, stored.verified_at) == (
        "Les Haies", "les-haies", "Bron", None)
    assert list(stored.themes.names()) == ["mares"]


def test_themes_are_kept_when_not_given_and_emptied_when_empty(org):
    services.organisation_update(organisation=org, themes=["mares"])
    services.organisation_update(organisation=org, name="Les Mares")
    assert list(Organisation.objects.get(pk=org.pk).themes.names()) == ["mares"]
    services.organisation_update(organisation=org, themes=[])
    assert list(Organisation.objects.get(pk=org.pk).themes.names()) == []


def test_a_refused_update_changes_nothing(org):
    assert refusals(lambda: services.organisation_update(
        organisation=org, name="Autre", siret="123", themes=["mares"])) == [
        ("siret", "A SIRET number has exactly 14 digits.", "siret_format")]
    stored = Organisation.objects.get(pk=org.pk)
    assert (stored.name, list(stored.themes.names())) == ("Les Haies", [])


def test_a_place_needs_both_coordinates_in_words(org):
    assert refusals(lambda: services.organisation_update(organisation=org, latitude="45.1")) == [
        ("__all__", "Give both the latitude and the longitude of the place, or neither.",
         "place_incomplete")]
    assert Organisation.objects.get(pk=org.pk).latitude is None


# Verifying ---------------------------------------------------------------------

def test_verifying_records_who_and_when_and_twice_is_refused(org):
    agent = UserFactory()
    services.organisation_verify(organisation=org, agent=agent)
    first = Organisation.objects.get(pk=org.pk)
    assert (first.verified_by, first.verified_at is not None) == (agent, True)
    assert refusals(lambda: services.organisation_verify(
        organisation=org, agent=UserFactory())) == [
        (None, "This organisation is already verified.", "verified")]
    again = Organisation.objects.get(pk=org.pk)
    assert (again.verified_by, again.verified_at) == (agent, first.verified_at)


# Members -----------------------------------------------------------------------

def test_a_person_is_found_whatever_the_case_and_spaces_of_the_address(org):
    UserFactory(email="camille@example.org")
    member = services.member_add(organisation=org, email="  Camille@EXAMPLE.org ")
    assert (member.user.email, member.role) == ("camille@example.org", "member")
    assert members(org) == [("admin@example.org", "admin"), ("camille@example.org", "member")]


def test_an_admin_may_be_added_as_admin(org):
    person = UserFactory(email="camille@example.org")
    services.member_add(organisation=org, email="camille@example.org", role="admin")
    assert person.has_perm("organisations.change_organisation", org)


@pytest.mark.parametrize("email", ["nobody@example.org", "", None, "gone@example.org"])
def test_only_an_active_account_can_be_added(org, email):
    UserFactory(email="gone@example.org", is_active=False)
    assert refusals(lambda: services.member_add(organisation=org, email=email)) == [
        ("email", "Nobody has an account with this address.", "unknown_person")]
    assert members(org) == [("admin@example.org", "admin")]


def test_a_role_that_does_not_exist_is_refused_with_the_address(org):
    assert refusals(lambda: services.member_add(
        organisation=org, email="nobody@example.org", role="owner")) == [
        ("email", "Nobody has an account with this address.", "unknown_person"),
        ("role", "Choose administrator or member.", "bad_role"),
    ]
    UserFactory(email="camille@example.org")
    assert refusals(lambda: services.member_add(
        organisation=org, email="camille@example.org", role="owner")) == [
        ("role", "Choose administrator or member.", "bad_role")]
    assert members(org) == [("admin@example.org", "admin")]


def test_a_member_is_added_once(org, admin):
    UserFactory(email="camille@example.org")
    services.member_add(organisation=org, email="camille@example.org")
    for email in ("camille@example.org", "admin@example.org"):
        assert refusals(lambda email=email: services.member_add(
            organisation=org, email=email, role="admin")) == [
            ("email", "This person is already a member.", "already_member")]
    assert members(org) == [("admin@example.org", "admin"), ("camille@example.org", "member")]


def test_a_member_elsewhere_may_join_here(org):
    camille = UserFactory(email="camille@example.org")
    other = services.organisation_create(creator=camille, name="Ailleurs", kind="collective")
    services.member_add(organisation=org, email="camille@example.org")
    assert members(org)[1] == ("camille@example.org", "member")
    assert members(other) == [("camille@example.org", "admin")]


# Communities ---------------------------------------------------------------------

def test_a_community_is_linked_once_per_organisation(org):
    garden = CommunityFactory()
    other = services.organisation_create(creator=UserFactory(), name="Ailleurs",
                                         kind="collective")
    link = services.community_link(organisation=org, community=garden)
    assert (link.organisation, link.community) == (org, garden)
    assert refusals(lambda: services.community_link(organisation=org, community=garden)) == [
        ("community", "The organisation is already linked to this community.",
         "already_linked")]
    services.community_link(organisation=other, community=garden)
    services.community_link(organisation=org, community=CommunityFactory())
    assert CommunityLink.objects.count() == 3


def test_unlinking_removes_that_link_only_and_twice_is_refused(org):
    garden, field = CommunityFactory(), CommunityFactory()
    other = services.organisation_create(creator=UserFactory(), name="Ailleurs",
                                         kind="collective")
    for organisation, community in ((org, garden), (org, field), (other, garden)):
        services.community_link(organisation=organisation, community=community)
    services.community_unlink(organisation=org, community=garden)
    assert sorted(CommunityLink.objects.values_list("organisation__name", "community")) == sorted(
        [("Les Haies", field.pk), ("Ailleurs", garden.pk)])
    assert refusals(lambda: services.community_unlink(organisation=org, community=garden)) == [
        (None, "The organisation is not linked to this community.", "not_linked")]
    assert CommunityLink.objects.count() == 2
