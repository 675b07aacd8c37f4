"""Every role, as django-rules predicates: who someone is in a community and
in the institution. The apps' rules files compose these; nothing else
decides who someone is.

The object of a community-level predicate is a Community (or None). An app
whose object is a need, a channel or a letter asks the predicate of that
object's community with `via_community(predicate, community_of)`.

Each answer comes from the per-request cache of `roles.cache`: one query
for all of a person's memberships, one for the communities they garden, one
for their directions, whatever the number of questions.
"""

from collections.abc import Callable

import rules

from .cache import remembered
from .circles import Circle
from .models import ContributorInvitation, ElectedOfficial, GardenerPair

# --- Circles ---------------------------------------------------------------------


def circles_by_community(user) -> dict[int, int]:
    """{community_id: circle} for every community the user belongs to."""
    if not user.is_authenticated:
        return {}
    # `memberships` is the reverse name of communities.Membership.user: the
    # rows are read through it so that this ground floor imports no app above.
    return remembered(
        user, "circles", lambda: dict(user.memberships.values_list("community_id", "circle"))
    )


def circle_of(user, community) -> int | None:
    if community is None:
        return None
    return circles_by_community(user).get(community.pk)


@rules.predicate
def is_member(user, community):
    return circle_of(user, community) is not None


def circle_at_least(circle: Circle):
    """Member of `circle` or of a closer one."""

    @rules.predicate(name=f"in_circle_{Circle(circle).name.lower()}_or_closer")
    def predicate(user, community):
        current = circle_of(user, community)
        return current is not None and current >= circle

    return predicate


is_informed_or_closer = circle_at_least(Circle.INFORMED)
is_engaged = circle_at_least(Circle.ENGAGED)


# --- Gardeners ---------------------------------------------------------------------


def gardened_community_ids(user) -> set[int]:
    """Communities whose active pair includes the user."""
    if not user.is_authenticated:
        return set()
    return set(_pair_roles(user))


@rules.predicate
def is_gardener_of(user, community):
    """Territory or institution gardener of the community's active pair."""
    return community is not None and community.pk in gardened_community_ids(user)


def _pair_roles(user) -> dict[int, str]:
    """{community_id: "territory" | "institution"} for the active pairs the user
    is in: one query answers both "which communities" and "which half"."""
    if not user.is_authenticated:
        return {}

    def compute():
        roles = {}
        for community_id, territory_id in (
            GardenerPair.objects.active().with_person(user)
            .values_list("community_id", "territory_gardener_id")
        ):
            roles[community_id] = "territory" if territory_id == user.pk else "institution"
        return roles

    return remembered(user, "gardened", compute)


@rules.predicate
def is_territory_gardener_of(user, community):
    """The civil-society half of the community's pair: new needs reach them first."""
    return community is not None and _pair_roles(user).get(community.pk) == "territory"


@rules.predicate
def is_institution_gardener_of(user, community):
    """The region (institution) half of the pair: relays needs to their direction."""
    return community is not None and _pair_roles(user).get(community.pk) == "institution"


@rules.predicate
def is_gardener(user):
    """Gardener of at least one community."""
    return bool(gardened_community_ids(user))


# --- The institution ------------------------------------------------------------------


@rules.predicate
def is_cultivator(user):
    """Staff of the coordinating direction."""
    if not user.is_authenticated:
        return False
    # `directions` is the reverse name of communities.Direction.staff.
    return remembered(
        user, "cultivator", lambda: user.directions.filter(is_coordinating=True).exists()
    )


@rules.predicate
def is_direction_agent(user):
    """Staff of any direction: may be appointed institution gardener."""
    if not user.is_authenticated:
        return False
    return remembered(user, "agent", lambda: user.directions.exists())


def agent_direction_ids(user) -> set[int]:
    """The directions this person is an agent of (staff of)."""
    if not user.is_authenticated:
        return set()
    return remembered(
        user, "agent_directions", lambda: set(user.directions.values_list("pk", flat=True))
    )


@rules.predicate
def is_agent_of(user, direction):
    """Agent (staff) of this direction: e.g. a citizen council's agent is an
    agent of the council's direction (councils/rules.py)."""
    return direction is not None and direction.pk in agent_direction_ids(user)


@rules.predicate
def is_site_staff(user):
    return user.is_authenticated and (user.is_staff or user.is_superuser)


# --- Organisations (organisations.OrganisationMember) ------------------------------


def organisation_roles(user) -> dict[int, str]:
    """{organisation_id: "admin" | "member"} for every organisation the user is in."""
    if not user.is_authenticated:
        return {}
    # `organisation_memberships` is the reverse name of organisations.OrganisationMember.user.
    return remembered(
        user, "organisations",
        lambda: dict(user.organisation_memberships.values_list("organisation_id", "role")),
    )


@rules.predicate
def is_organisation_member(user, organisation):
    """Member or admin of the organisation."""
    return organisation is not None and organisation.pk in organisation_roles(user)


@rules.predicate
def is_organisation_admin(user, organisation):
    return organisation is not None and organisation_roles(user).get(organisation.pk) == "admin"


def is_member_of_any(user, organisation_ids) -> bool:
    """Member of one of these organisations (a project's carriers)."""
    return not organisation_roles(user).keys().isdisjoint(organisation_ids)


def is_agent_of_any(user, direction_ids) -> bool:
    """Agent of one of these directions (a call's funders)."""
    return not agent_direction_ids(user).isdisjoint(direction_ids)


# --- Citizen dialogue processes -------------------------------------------------------


def process_lead_direction_ids(user) -> set[int]:
    """The directions whose processes this person leads: granted per direction
    (processes.ProcessLead) to an agent who is still one of its staff."""
    if not user.is_authenticated:
        return set()
    # `process_lead_roles` is the reverse name of processes.ProcessLead.person.
    granted = remembered(
        user, "process_leads",
        lambda: set(user.process_lead_roles.values_list("direction_id", flat=True)),
    )
    return granted & agent_direction_ids(user) if granted else set()


@rules.predicate
def is_process_lead_of(user, direction):
    """Process lead of this direction: runs its citizen dialogue processes."""
    return direction is not None and direction.pk in process_lead_direction_ids(user)


@rules.predicate
def is_process_lead(user):
    """Process lead of at least one direction."""
    return bool(process_lead_direction_ids(user))


def facilitated_process_ids(user) -> set[int]:
    """The processes whose workshops this person facilitates: granted per
    process by its lead (processes.Facilitator)."""
    if not user.is_authenticated:
        return set()
    # `process_facilitator_roles` is the reverse name of processes.Facilitator.person.
    return remembered(
        user, "process_facilitators",
        lambda: set(user.process_facilitator_roles.values_list("process_id", flat=True)),
    )


@rules.predicate
def is_facilitator_of(user, process):
    """Facilitator of this process's workshops: enters their contributions and minutes."""
    return process is not None and process.pk in facilitated_process_ids(user)


# --- Invited contributors and elected officials (issue #16) -------------------------


def contributed_community_ids(user) -> set[int]:
    """Communities whose pair invited this person as a contributor (not revoked)."""
    if not user.is_authenticated:
        return set()
    return remembered(
        user,
        "contributed",
        lambda: set(
            ContributorInvitation.objects.active()
            .filter(person=user)
            .values_list("community_id", flat=True)
        ),
    )


@rules.predicate
def is_invited_contributor(user, community):
    """Invited by the community's pair to work with them (and not revoked)."""
    return community is not None and community.pk in contributed_community_ids(user)


def elected_community_ids(user) -> set[int]:
    """The communities an elected official is linked to (none for anyone else)."""
    if not user.is_authenticated:
        return set()
    return remembered(
        user,
        "elected",
        lambda: set(
            ElectedOfficial.objects.filter(person=user).values_list("communities", flat=True)
        )
        - {None},
    )


@rules.predicate
def is_elected_official_of(user, community):
    """An elected official linked to this community."""
    return community is not None and community.pk in elected_community_ids(user)


# --- The composed roles, one definition each ------------------------------------------

# "Gardener of this community or staff": animation rights (members, channels,
# groups, needs). Staff first: it costs no query.
can_animate = is_site_staff | is_gardener_of

# ... and the cultivator, who coaches every pair and reads across communities
# but does not animate.
can_oversee = can_animate | is_cultivator

# Writing to a community: its letters, its settings, its story, its members.
# The pair and staff; the cultivator only where the pair invited them as a
# contributor (issue #16: the cultivator is a coach, not an operator).
can_edit_community = can_animate | (is_cultivator & is_invited_contributor)

# The private coaching thread of a community: its pair, the cultivator, staff.
can_coach = can_oversee

# Inviting the cultivator as a contributor, and revoking it: the pair (staff too).
can_invite_contributor = can_animate

# Marking a person as an elected official of communities: staff and the cultivator
# (who links communities to the institution and its processes).
can_mark_elected = is_site_staff | is_cultivator

# The cultivator or any direction's agent: the institution's own people.
is_institution_staff = is_cultivator | is_direction_agent

# Building barometer surveys (issue #18): an agent of some direction, the
# cultivator, site staff; each barometer is then run by its direction's agents
# (barometers/rules.py).
can_build_surveys = is_site_staff | is_cultivator | is_direction_agent


@rules.predicate
def is_agent_of_community_direction(user, community):
    """Agent of the direction the community belongs to (Community.direction)."""
    return community is not None and community.direction_id in agent_direction_ids(user)


# Reaching a community's members on an institution's behalf: opening a
# council's channel there, asking them a barometer's wave. An agent reaches the
# communities of their own directions, a gardener the ones they tend; the
# cultivator and site staff reach every community. `address_scope` is the same
# rule as sets, for the querysets that offer the choice.
can_address = is_site_staff | is_cultivator | is_agent_of_community_direction | is_gardener_of


def address_scope(user) -> tuple[bool, set[int], set[int]]:
    """`can_address` as (every community, direction ids, community ids)."""
    if is_site_staff(user) or is_cultivator(user):
        return True, set(), set()
    return False, agent_direction_ids(user), gardened_community_ids(user)


def via_community(predicate, community_of: Callable, *, name: str = "") -> rules.Predicate:
    """`predicate` asked of the object's community (a need's, a group's...).

    A None object is asked as a None community: a role that needs no
    community (site staff) still answers, the others say no.
    """

    def asked(user, obj):
        return predicate.test(user, None if obj is None else community_of(obj))

    asked.__name__ = name or f"{predicate.name}_via_community"
    return rules.predicate(asked)
