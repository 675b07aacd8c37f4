"""Role matrix of every permission in gardeners/rules.py, and animation rights
that end with the pair.

The roles are those of the `people` fixture, relative to `community` (see
tests/communities/test_rules.py). A permission added to gardeners/rules.py
without its matrix here fails `test_every_permission_of_the_app_is_walked`.
"""

import pytest
import rules
from django.contrib.auth import get_user_model

from roles import services
from tests.conftest import ROLES
from tests.factories import UserFactory

WALKED_ROLES = (*ROLES, "institution_gardener")
WALKED: set[str] = set()

# What a gardener may do in their own community and nobody else below staff.
ANIMATION = "communities.manage_members"


def walks(permission, **allowed):
    """Parametrise a test over every role, with whether `permission` is granted."""
    assert set(allowed) == set(WALKED_ROLES), f"{permission}: say it for every role"
    WALKED.add(permission)
    return pytest.mark.parametrize(
        ("permission", "role", "allowed"),
        [pytest.param(permission, role, allowed[role], id=role) for role in WALKED_ROLES],
    )


def test_every_permission_of_the_app_is_walked():
    registered = {name for name in rules.permissions.permissions if name.startswith("gardeners.")}
    assert registered == WALKED


@walks(
    "gardeners.appoint_pair",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=True,
    staff=True,
)
def test_appoint_pair(people, community, permission, role, allowed):
    """Gardeners do not appoint their successors: the cultivator does."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "gardeners.view_pair_history",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=True,
    staff=True,
)
def test_view_pair_history(people, community, permission, role, allowed):
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "gardeners.access_gardening",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=True, cultivator=True, staff=True,
)
def test_access_gardening(people, permission, role, allowed):
    """The "Gardening" entry of the navigation: asked without an object."""
    assert people[role].has_perm(permission) is allowed


# --- Animation rights end with the pair ------------------------------------------
#
# Each request loads the signed-in person afresh, so "the gardener's next
# page" is a user object reloaded from the database.


def _next_request_of(user):
    return get_user_model().objects.get(pk=user.pk)


def test_a_gardener_whose_pair_ended_loses_animation_rights(people, community):
    # given the two gardeners of the community, who animate it
    gardener, institution_gardener = people["gardener"], people["institution_gardener"]
    assert gardener.has_perm(ANIMATION, community)
    assert institution_gardener.has_perm(ANIMATION, community)

    # when the cultivator ends their pair without replacing it
    services.pair_end(community=community, actor=people["cultivator"])

    # then, from their next page, neither animates the community any more
    for person in (gardener, institution_gardener):
        person = _next_request_of(person)
        assert not person.has_perm(ANIMATION, community)
        assert not person.has_perm("communities.view_members", community)
        assert not person.has_perm("communities.change_community", community)
        # and, gardening nowhere else, they lose the gardening entry too
        assert not person.has_perm("gardeners.access_gardening")


def test_a_replaced_pair_hands_animation_rights_to_the_new_one(people, community):
    # given the community's pair, and two people the cultivator appoints instead
    old_gardener = people["gardener"]
    new_territory_gardener = UserFactory(email="nouvelle@example.org")
    new_institution_gardener = UserFactory(email="agent@example.org")
    community.direction.staff.add(new_institution_gardener)

    # when the cultivator appoints the new pair
    services.pair_appoint(
        community=community,
        territory_gardener=new_territory_gardener,
        institution_gardener=new_institution_gardener,
        direction=community.direction,
        actor=people["cultivator"],
    )

    # then the old gardener no longer animates it, the new ones do
    assert not _next_request_of(old_gardener).has_perm(ANIMATION, community)
    assert new_territory_gardener.has_perm(ANIMATION, community)
    assert new_institution_gardener.has_perm(ANIMATION, community)


def test_a_gardener_keeps_the_rights_of_their_other_community(people, community, other_community):
    # given someone who gardens both communities
    gardener = people["gardener"]
    services.pair_appoint(
        community=other_community, territory_gardener=gardener, actor=people["cultivator"]
    )

    # when the pair of the first community ends
    services.pair_end(community=community, actor=people["cultivator"])

    # then they animate the other community only, and keep the gardening entry
    gardener = _next_request_of(gardener)
    assert not gardener.has_perm(ANIMATION, community)
    assert gardener.has_perm(ANIMATION, other_community)
    assert gardener.has_perm("gardeners.access_gardening")


# --- Issue #16: the coaching thread, contributor invitations, elected officials -----


@walks(
    "gardeners.view_coaching",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True,
    staff=True,
)
def test_view_coaching(people, community, permission, role, allowed):
    """The thread is private to the pair, the cultivator and staff."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "gardeners.add_coaching_note",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True,
    staff=True,
)
def test_add_coaching_note(people, community, permission, role, allowed):
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "gardeners.invite_contributor",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=False,
    staff=True,
)
def test_invite_contributor(people, community, permission, role, allowed):
    """The pair invites the cultivator; the cultivator cannot invite themselves."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "gardeners.mark_elected",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=True,
    staff=True,
)
def test_mark_elected(people, permission, role, allowed):
    assert people[role].has_perm(permission) is allowed
