"""Reads of the gardener pairs: the one place that looks up "the active pair".

Every other app asks here (the community page, the e-mails to the gardeners,
the channels' audience, the dashboards); tests/roles/test_single_definitions.py
fails if a second lookup appears elsewhere.
"""

from django.db.models import (
    CharField,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf

from .models import ContributorInvitation, ElectedOfficial, GardenerPair

_PEOPLE = ("territory_gardener", "institution_gardener", "direction")


_EVERY = object()


def active_pairs(*, community=_EVERY) -> QuerySet[GardenerPair]:
    """The pairs in office; of one community when given (an instance, an id or
    an `OuterRef`), which makes at most one row (none for None)."""
    pairs = GardenerPair.objects.active()
    if community is not _EVERY:
        pairs = pairs.filter(community=community)
    return pairs


def active_pair(community) -> GardenerPair | None:
    """The community's pair in office, with its two people: one query (none
    for no community)."""
    if community is None:
        return None
    return active_pairs(community=community).select_related(*_PEOPLE).first()


def gardeners_of(community) -> list:
    """The people of the community's active pair (none when it has no pair)."""
    pair = active_pair(community)
    return pair.gardeners() if pair is not None else []


def active_pair_prefetch(to_attr: str = "active_pairs") -> Prefetch:
    """For a list of communities: each gets `to_attr`, a list of zero or one
    pair with its people, in one query for the whole list."""
    return Prefetch(
        "gardener_pairs", queryset=active_pairs().select_related(*_PEOPLE), to_attr=to_attr
    )


def active_pair_relation() -> FilteredRelation:
    """For a queryset of communities, in the same query:
    `.annotate(active_pair=active_pair_relation()).select_related("active_pair", ...)`
    (the join finds no row when the community has no pair in office)."""
    return FilteredRelation("gardener_pairs", condition=Q(gardener_pairs__ended_at__isnull=True))


def pair_history(*, community) -> list[GardenerPair]:
    """Past pairs of the community, most recent first."""
    return list(
        GardenerPair.objects.ended()
        .filter(community=community)
        .select_related(*_PEOPLE, "appointed_by")
        .order_by("-started_at", "-pk")
    )


def pairs_of_community(community) -> QuerySet[GardenerPair]:
    """Every pair of the community, past and active."""
    return GardenerPair.objects.filter(community=community)


def pairs_of_person(person) -> QuerySet[GardenerPair]:
    """Every pair, past or active, in which the person held a role."""
    return GardenerPair.objects.with_person(person)


def _gardener_name(role: str) -> Subquery:
    """The display name (or address) of one role of the community's active pair."""
    person = (
        active_pairs(community=OuterRef("pk"))
        .annotate(
            person=Coalesce(
                NullIf(F(f"{role}__display_name"), Value("")),
                F(f"{role}__email"),
                output_field=CharField(),
            )
        )
        .values("person")[:1]
    )
    return Subquery(person)


def pair_names_per_community() -> dict:
    """Annotations for a queryset of communities: the names of their active
    pair's gardeners (`territory_name`, `institution_name`; None when vacant)."""
    return {
        "territory_name": _gardener_name("territory_gardener"),
        "institution_name": _gardener_name("institution_gardener"),
    }


def contributor_invitations(community) -> list[ContributorInvitation]:
    """The community's invitations of the cultivator, active first (newest
    first) then past (revoked longest ago first). Running ones have no
    revocation date: first said in so many words, since PostgreSQL puts
    nulls last in an ascending order, where SQLite puts them first."""
    return list(
        ContributorInvitation.objects.filter(community=community)
        .select_related("person", "invited_by", "revoked_by")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def elected_officials_of(community) -> list[ElectedOfficial]:
    """The elected officials linked to the community, with their people, by name
    (one query)."""
    return list(
        ElectedOfficial.objects.filter(communities=community)
        .select_related("person")
        .order_by("person__display_name", "pk")
    )


def elected_officials() -> QuerySet[ElectedOfficial]:
    """Every elected official with their communities (the digest, the admin)."""
    return ElectedOfficial.objects.select_related("person").prefetch_related("communities")


def cultivators() -> QuerySet:
    """The people of the coordinating direction(s): the cultivator."""
    from django.contrib.auth import get_user_model

    # `directions` is the reverse name of communities.Direction.staff.
    return get_user_model().objects.filter(directions__is_coordinating=True).distinct()


def pair_role_labels(community) -> dict[int, str]:
    """{user id: "territory gardener" | "institution gardener"} of the community's
    active pair: how a page says which of the two did something (no query when
    the community comes from the community space's lookup, which holds its
    `active_pair`; one otherwise)."""
    from django.utils.translation import gettext as _

    if hasattr(community, "active_pair"):
        pair = community.active_pair
    else:
        pair = active_pairs(community=community).first()
    labels = {}
    if pair is not None:
        if pair.territory_gardener_id:
            labels[pair.territory_gardener_id] = _("territory gardener")
        if pair.institution_gardener_id:
            labels[pair.institution_gardener_id] = _("institution gardener")
    return labels
