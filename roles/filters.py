"""The query-filter twins of the role predicates.

A list asks "which rows may this person see?" once, in SQL, rather than
asking a predicate per row. Each function here answers with a `Q` for the
rows whose community (found at `field`, "pk" when the rows are communities)
the predicate would accept, from the same per-request cache, so a selector
never writes a role by hand and the list and the rule cannot disagree
(tests/roles/test_filters.py walks each pair).

"Everything" is `EVERYTHING`, not `Q()`: an empty Q vanishes when OR-ed
(`Q(a) | Q()` is `Q(a)`), the opposite of what "everything" means.
"""

from django.db.models import Q

from . import predicates
from .models import GardenerPair

EVERYTHING = ~Q(pk__in=[])
NOTHING = Q(pk__in=[])


def _in(field: str, ids) -> Q:
    if not ids:
        return NOTHING
    return Q(**{f"{field}__in": sorted(ids)})


def _community_id(field: str) -> str:
    return "pk" if field == "pk" else f"{field}_id"


def gardened_by(user, *, field: str = "pk") -> Q:
    """Twin of `is_gardener_of`: rows of the communities the person gardens."""
    return _in(_community_id(field), predicates.gardened_community_ids(user))


def animated_by(user, *, field: str = "pk") -> Q:
    """Twin of `can_animate`: everything for site staff, else the gardened."""
    if predicates.is_site_staff(user):
        return EVERYTHING
    return gardened_by(user, field=field)


def overseen_by(user, *, field: str = "pk") -> Q:
    """Twin of `can_oversee`: everything for site staff and the cultivator."""
    if predicates.is_site_staff(user) or predicates.is_cultivator(user):
        return EVERYTHING
    return gardened_by(user, field=field)


def edited_by(user, *, field: str = "pk") -> Q:
    """Twin of `can_edit_community`: everything for site staff; else the
    gardened communities, and for the cultivator those they were invited to."""
    if predicates.is_site_staff(user):
        return EVERYTHING
    mine = gardened_by(user, field=field)
    if predicates.is_cultivator(user):
        mine |= _in(_community_id(field), predicates.contributed_community_ids(user))
    return mine


def member_of(user, *, field: str = "pk") -> Q:
    """Twin of `is_member`: rows of the communities the person belongs to."""
    return _in(_community_id(field), predicates.circles_by_community(user))


def within_circles_of(user, *, field: str = "community", circle: str = "circle") -> Q:
    """Twin of `circle_at_least(row's circle)`: rows addressed to a circle of
    a community (`field`, `circle`) that the person is in, or closer to."""
    community_id = _community_id(field)
    reach = NOTHING
    for cid, mine in sorted(predicates.circles_by_community(user).items()):
        reach |= Q(**{community_id: cid, f"{circle}__lte": mine})
    return reach


def pair_people(community) -> Q:
    """Over people: the gardeners of the community's active pair (one subquery
    each, so that a list of people costs no extra query)."""
    pair = GardenerPair.objects.active().filter(community=community)
    return Q(pk__in=pair.values("territory_gardener_id")) | Q(
        pk__in=pair.values("institution_gardener_id")
    )
