"""A community's and a direction's own writes, and following a community,
at their edges (communities/services/communities.py, following.py): what
was given is kept, what was not is left empty, a chosen address is the one
taken, a long name still fits its address, and a follow is one person's in
one community, never anyone else's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from audit.actions import Action
from audit.models import AuditEntry
from communities import services
from communities.models import Community, CommunityFollower, Direction
from communities.services import following
from tests.factories import DirectionFactory, MembershipFactory, UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(in_english):
    """Messages are read in English here (tests/conftest.py)."""


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile("haies.png", buffer.getvalue(), content_type="image/png")


def _create(**fields):
    values = {"name": "Haies du Lauragais", "description": "Planter des haies.",
              "territory": "Lauragais", "direction": DirectionFactory(), **fields}
    return services.community_create(**values)


# --- A community ------------------------------------------------------------------------


def test_a_community_keeps_everything_it_was_created_with(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    community = _create(slug="haies", how_to_join="Venez un samedi.", picture=_png(),
                        picture_alt="Une haie en fleurs", themes=["haies", "arbres"])

    community = Community.objects.get(pk=community.pk)
    assert community.slug == "haies"
    assert community.how_to_join == "Venez un samedi."
    assert community.picture.name.startswith("communities/haies")
    assert community.picture_alt == "Une haie en fleurs"
    assert sorted(community.themes.names()) == ["arbres", "haies"]


def test_a_community_created_with_the_least_leaves_the_rest_empty():
    community = Community.objects.get(pk=_create().pk)

    assert community.slug == "haies-du-lauragais"
    assert (community.how_to_join, community.picture_alt, community.picture.name) == ("", "", "")
    assert list(community.themes.names()) == []


def test_a_chosen_address_already_taken_is_refused_in_words_and_nothing_is_made():
    _create(slug="haies")

    assert refusals(lambda: _create(name="Autres haies", slug="haies")) == [
        ("slug", "Community with this Slug already exists.", "unique")]
    assert not Community.objects.filter(name="Autres haies").exists()


def test_an_update_sets_the_themes_given_and_keeps_them_when_none_are(db):
    community = _create(themes=["haies"])

    services.community_update(community=community, themes=["mares", "arbres"])
    assert sorted(Community.objects.get(pk=community.pk).themes.names()) == ["arbres", "mares"]

    services.community_update(community=community, themes=None, territory="Tarn")
    community = Community.objects.get(pk=community.pk)
    assert sorted(community.themes.names()) == ["arbres", "mares"]
    assert community.territory == "Tarn"


# --- A direction ------------------------------------------------------------------------


def test_a_direction_made_with_a_name_alone_is_a_plain_direction(db):
    direction = Direction.objects.get(pk=services.direction_save(name="Eau et forêts").pk)

    assert (direction.description, direction.is_coordinating) == ("", False)
    assert direction.slug == "eau-et-forets"
    assert list(direction.staff.all()) == []


def test_a_directions_address_fits_whatever_its_name(db):
    # Cut to 100 characters, which leaves the column (120) room for a number.
    long = services.direction_save(name="D" * 120)
    assert long.slug == "d" * 100
    again = services.direction_save(name="D" * 119 + "!")
    assert again.slug == "d" * 100 + "-2"
    assert services.direction_save(name="!!!").slug == "direction"


def test_a_change_of_staff_is_logged_against_the_direction(db):
    direction = DirectionFactory()
    actor, agent = UserFactory(), UserFactory()

    services.direction_save(direction=direction, name=direction.name, staff=[agent], actor=actor)

    entry = AuditEntry.objects.get(action=Action.DIRECTION_STAFF_CHANGED)
    assert (entry.actor, entry.target_type, entry.target_id) == (
        actor, "communities.direction", str(direction.pk))
    assert entry.details == {"added": [agent.pk], "removed": []}


# --- Following ---------------------------------------------------------------------------


def _follows():
    return sorted(CommunityFollower.objects.values_list("community__slug", "user__email"))


def test_a_member_elsewhere_may_follow(community, other_community):
    member = MembershipFactory(community=other_community, user=UserFactory(email="m@example.org"))

    services.community_follow(community=community, user=member.user)

    assert _follows() == [("biodiversite", "m@example.org")]


def test_following_refusals_say_why_in_words_with_their_code(community):
    member = MembershipFactory(community=community).user
    follower = UserFactory()
    services.community_follow(community=community, user=follower)

    assert refusals(lambda: services.community_follow(community=community, user=member)) == [
        (None, "You are a member of Biodiversité: you already hear of its events.", "member")]
    assert refusals(lambda: services.community_follow(community=community, user=follower)) == [
        (None, "You already follow Biodiversité.", "already_following")]
    assert refusals(lambda: services.community_unfollow(community=community, user=member)) == [
        (None, "You do not follow Biodiversité.", "not_following")]


@pytest.mark.parametrize("end", [services.community_unfollow, following.follow_end_on_joining],
                         ids=["unfollowing", "joining"])
def test_a_follow_ends_for_that_person_in_that_community_only(community, other_community, end):
    anne, bruno = UserFactory(email="anne@example.org"), UserFactory(email="bruno@example.org")
    for person in (anne, bruno):
        for followed in (community, other_community):
            services.community_follow(community=followed, user=person)

    end(community=community, user=anne)

    assert _follows() == [("alimentation", "anne@example.org"),
                          ("alimentation", "bruno@example.org"),
                          ("biodiversite", "bruno@example.org")]
