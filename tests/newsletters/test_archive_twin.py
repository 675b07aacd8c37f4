"""A community's letter archive and a letter's page never disagree: the
archive lists exactly the sent letters of the community (its own, and those
sent to its circles from another) that `newsletters.view_sent_letter` lets
the person open, walked over every role and letters sent to every circle."""

import pytest
from django.utils import timezone

from communities.models import Circle
from newsletters import selectors
from newsletters.models import AudienceCircle, Letter
from tests.conftest import ROLES
from tests.factories import UserFactory

from .factories import LetterFactory

pytestmark = pytest.mark.django_db

AUDIENCES = {
    "citizens": [Circle.CITIZENS],
    "informed": [Circle.INFORMED],
    "engaged": [Circle.ENGAGED],
    "informed and engaged": [Circle.INFORMED, Circle.ENGAGED],
}
EVERYONE = (*ROLES, "institution_gardener", "member_elsewhere")


def sent(community, title, circles, state=Letter.State.SENT):
    return LetterFactory(community=community, title=title, circles=circles, state=state,
                         sent_at=timezone.now() if state == Letter.State.SENT else None)


@pytest.fixture
def world(people, community, other_community, member_elsewhere):
    letters = []
    for place in (community, other_community):
        for name, circles in AUDIENCES.items():
            letters.append(sent(place, f"{place.slug} {name}", circles))
        letters.append(sent(place, f"{place.slug} scheduled", [Circle.CITIZENS],
                            state=Letter.State.SCHEDULED))
    # Sent from the other community to this one's engaged circle and its own informed.
    across = sent(other_community, "across", [Circle.INFORMED])
    AudienceCircle.objects.create(letter=across, community=community, circle=Circle.ENGAGED)
    letters.append(across)
    return {**people, "member_elsewhere": member_elsewhere, "letters": letters}


def in_archive_of(letter, community) -> bool:
    return letter.community_id == community.pk or any(
        a.community_id == community.pk for a in letter.audience.all())


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("place", ["community", "other_community"])
def test_an_archive_lists_exactly_the_letters_their_pages_open(world, role, place, request):
    community = request.getfixturevalue(place)
    user = world[role]

    listed = {letter.title for letter in selectors.archive(community, user)}

    opened = {letter.title for letter in world["letters"]
              if in_archive_of(letter, community)
              and user.has_perm("newsletters.view_sent_letter", letter)}
    assert listed == opened
    assert {letter.title for letter in selectors.public_archive(community)} == {
        letter.title for letter in world["letters"]
        if in_archive_of(letter, community)
        and world["anonymous"].has_perm("newsletters.view_sent_letter", letter)}


def test_the_walk_reaches_every_kind_of_reader(world, community):
    def count(user):
        return len(selectors.archive(community, user))

    # Public letters only; then the circles reached, wider inward; then all:
    # the pair reads the letter another community sent to its engaged circle.
    assert count(world["anonymous"]) == 1
    assert count(world["citizen"]) == 1
    assert count(world["informed"]) == 3
    assert count(world["engaged"]) == 5
    assert count(world["gardener"]) == 5
    assert count(world["institution_gardener"]) == 5
    # The other community's pair: the public letter and the one it sent.
    assert count(world["other_gardener"]) == 2
    assert count(UserFactory()) == 1
