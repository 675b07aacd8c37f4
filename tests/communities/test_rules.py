"""Role matrix of every permission in communities/rules.py.

Each permission walks the roles of the `people` fixture, relative to
`community`: anonymous, the three circles, a gardener of this community (both
of the pair), a gardener of another community, the cultivator and site staff.
A permission added to communities/rules.py without its matrix here fails
`test_every_permission_of_the_app_is_walked`.
"""

import pytest
import rules

from communities import services
from tests.conftest import ROLES

WALKED_ROLES = (*ROLES, "institution_gardener")
WALKED: set[str] = set()


def walks(permission, **allowed):
    """Parametrise a test over every role, with whether `permission` is granted."""
    assert set(allowed) == set(WALKED_ROLES), f"{permission}: say it for every role"
    WALKED.add(permission)
    return pytest.mark.parametrize(
        ("permission", "role", "allowed"),
        [pytest.param(permission, role, allowed[role], id=role) for role in WALKED_ROLES],
    )


def test_every_permission_of_the_app_is_walked():
    registered = {name for name in rules.permissions.permissions if name.startswith("communities.")}
    assert registered == WALKED


# --- Reading and belonging ------------------------------------------------------


@walks(
    "communities.view_community",
    anonymous=True, citizen=True, informed=True, engaged=True,
    gardener=True, institution_gardener=True, other_gardener=True, cultivator=True, staff=True,
)
def test_view_community(people, community, permission, role, allowed):
    """A community's page is public."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.join_community",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=True, cultivator=True, staff=True,
)
def test_join_community(people, community, permission, role, allowed):
    """Anyone signed in who is not a member yet (gardeners are not members by office)."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.follow_community",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=True, cultivator=True, staff=True,
)
def test_follow_community(people, community, permission, role, allowed):
    """Following without joining: signed-in non-members only (members hear of the events)."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.leave_community",
    anonymous=False, citizen=True, informed=True, engaged=True,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=False,
    staff=False,
)
def test_leave_community(people, community, permission, role, allowed):
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.request_circle",
    anonymous=False, citizen=True, informed=True, engaged=True,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=False,
    staff=False,
)
def test_request_circle(people, community, permission, role, allowed):
    """Every member may ask; whether the circle asked is closer is the service's check."""
    assert people[role].has_perm(permission, community) is allowed


# --- Animation: the pair of this community ---------------------------------------


@walks(
    "communities.manage_members",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=False,
    staff=True,
)
def test_manage_members(people, community, permission, role, allowed):
    """Moving and removing members is the pair's work, not the cultivator's."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.change_community",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=False,
    staff=True,
)
def test_change_community(people, community, permission, role, allowed):
    """The cultivator coaches; they edit the settings only when invited (issue #16)."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.change_story",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=False,
    staff=True,
)
def test_change_story(people, community, permission, role, allowed):
    """The pair writes and publishes its story; the cultivator only when invited."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.view_members",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True,
    staff=True,
)
def test_view_members(people, community, permission, role, allowed):
    """Members do not see each other's list; the pair and the cultivator do."""
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.view_dashboard",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True,
    staff=True,
)
def test_view_dashboard(people, community, permission, role, allowed):
    assert people[role].has_perm(permission, community) is allowed


@walks(
    "communities.address_members",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=True, institution_gardener=True, other_gardener=False, cultivator=True,
    staff=True,
)
def test_address_members(people, community, permission, role, allowed):
    assert people[role].has_perm(permission, community) is allowed


def test_an_agent_of_the_communitys_direction_addresses_its_members_another_does_not(
        community):
    from tests.factories import DirectionFactory, UserFactory

    ours, theirs = UserFactory(), UserFactory()
    community.direction.staff.add(ours)
    DirectionFactory().staff.add(theirs)
    assert ours.has_perm("communities.address_members", community)
    assert not theirs.has_perm("communities.address_members", community)


# --- Institution-wide: the cultivator --------------------------------------------


@walks(
    "communities.add_community",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=True,
    staff=True,
)
def test_add_community(people, permission, role, allowed):
    assert people[role].has_perm(permission) is allowed


@walks(
    "communities.manage_directions",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=True,
    staff=True,
)
def test_manage_directions(people, permission, role, allowed):
    assert people[role].has_perm(permission) is allowed


@walks(
    "communities.view_overview",
    anonymous=False, citizen=False, informed=False, engaged=False,
    gardener=False, institution_gardener=False, other_gardener=False, cultivator=True,
    staff=True,
)
def test_view_overview(people, permission, role, allowed):
    assert people[role].has_perm(permission) is allowed


# --- Rights follow the memberships, within the same request ----------------------


def test_a_member_who_left_is_no_longer_a_member(people, community):
    # given a citizen whose rights were already asked (and cached) in this request
    citizen = people["citizen"]
    assert citizen.has_perm("communities.leave_community", community)
    assert not citizen.has_perm("communities.join_community", community)

    # when they leave
    services.membership_leave(community=community, user=citizen)

    # then the same user object answers as a non-member: the service forgot the cache
    assert not citizen.has_perm("communities.leave_community", community)
    assert not citizen.has_perm("communities.request_circle", community)
    assert citizen.has_perm("communities.join_community", community)


def test_a_removed_member_is_no_longer_a_member(people, community):
    # given an engaged member, their rights cached
    engaged = people["engaged"]
    assert engaged.has_perm("communities.request_circle", community)

    # when a gardener removes them, saying why
    services.membership_remove(
        community=community, user=engaged, actor=people["gardener"], reason="Inactive for a year."
    )

    # then they are no longer a member
    assert not engaged.has_perm("communities.leave_community", community)
    assert engaged.has_perm("communities.join_community", community)


def test_someone_who_joins_becomes_a_member_at_once(people, community):
    # given a signed-in non-member, their rights cached
    newcomer = people["cultivator"]
    assert newcomer.has_perm("communities.join_community", community)

    # when they join
    services.membership_join(community=community, user=newcomer)

    # then they may leave or ask to move inward, and no longer join
    assert newcomer.has_perm("communities.leave_community", community)
    assert newcomer.has_perm("communities.request_circle", community)
    assert not newcomer.has_perm("communities.join_community", community)


def test_membership_in_one_community_gives_nothing_in_another(people, other_community):
    # given the engaged member of `community`
    # when they look at another community
    engaged = people["engaged"]

    # then they are a stranger there
    assert engaged.has_perm("communities.join_community", other_community)
    assert not engaged.has_perm("communities.leave_community", other_community)
    assert not engaged.has_perm("communities.view_members", other_community)
