"""The role matrix of every newsletters permission."""

import pytest

from communities.models import Circle
from tests.conftest import ROLES

from .factories import LetterFactory, SectionFactory

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
# The cultivator coaches: no letter of a community whose pair did not invite
# them as a contributor (issue #16; tests/coaching/test_contributors.py).
MANAGERS = {"gardener", "staff"}
READERS = MANAGERS | {"cultivator"}


def _allowed(people, perm, obj):
    return {role for role in ROLES if people[role].has_perm(perm, obj)}


@pytest.mark.parametrize("perm", ["newsletters.add_letter", "newsletters.view_letters"])
def test_the_gardeners_and_the_cultivator_write_a_communitys_letters(people, community, perm):
    assert _allowed(people, perm, community) == MANAGERS


@pytest.mark.parametrize("perm", ["newsletters.change_letter", "newsletters.send_letter",
                                  "newsletters.view_progress"])
def test_the_gardeners_and_the_cultivator_edit_and_send_a_letter(people, community, perm):
    letter = LetterFactory(community=community)
    assert _allowed(people, perm, letter) == MANAGERS


def test_a_call_to_the_engaged_circle_lets_the_engaged_contribute(people, community):
    letter = LetterFactory(community=community, invited_circle=Circle.ENGAGED)
    assert _allowed(people, "newsletters.contribute_letter", letter) == MANAGERS | {"engaged"}


def test_a_call_to_the_informed_circle_too(people, community):
    letter = LetterFactory(community=community, invited_circle=Circle.INFORMED)
    assert _allowed(people, "newsletters.contribute_letter", letter) == (
        MANAGERS | {"engaged", "informed"}
    )


def test_a_letter_not_yet_sent_has_no_readers(people, community):
    letter = LetterFactory(community=community)
    assert _allowed(people, "newsletters.view_sent_letter", letter) == set()


def test_a_letter_sent_to_inner_circles_is_read_by_them(people, community):
    letter = LetterFactory(community=community, state="sent",
                           circles=[Circle.ENGAGED, Circle.INFORMED])
    assert _allowed(people, "newsletters.view_sent_letter", letter) == (
        READERS | {"engaged", "informed"}
    )


def test_a_letter_sent_to_the_engaged_only(people, community):
    letter = LetterFactory(community=community, state="sent", circles=[Circle.ENGAGED])
    assert _allowed(people, "newsletters.view_sent_letter", letter) == READERS | {"engaged"}


def test_a_letter_sent_to_citizens_is_public(people, community):
    letter = LetterFactory(community=community, state="sent", circles=[Circle.CITIZENS])
    assert _allowed(people, "newsletters.view_sent_letter", letter) == ALL


def test_only_the_cultivator_writes_to_several_communities(people, community):
    letter = LetterFactory(community=community)
    assert _allowed(people, "newsletters.send_to_several_communities", letter) == {
        "cultivator", "staff"
    }


def test_the_author_revises_their_section(people, community):
    section = SectionFactory(letter=LetterFactory(community=community), author=people["engaged"])
    assert _allowed(people, "newsletters.revise_section", section) == {"engaged"}


def test_the_gardeners_moderate_sections(people, community):
    section = SectionFactory(letter=LetterFactory(community=community), author=people["engaged"])
    assert _allowed(people, "newsletters.moderate_section", section) == MANAGERS


def test_subscriptions_need_an_account(people):
    assert _allowed(people, "newsletters.manage_subscriptions", None) == ALL - {"anonymous"}


def test_the_archive_page_is_open(people, community):
    assert _allowed(people, "newsletters.view_archive", community) == ALL
