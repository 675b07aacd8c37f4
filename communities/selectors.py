"""Reads of the communities app.

Every function here costs a constant number of queries whatever the number of
communities, members or history lines: counts are annotated, related rows are
joined or prefetched, long lists are paginated by the caller.
"""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from taggit.models import Tag

from gardeners.models import GardenerPair

from .models import Circle, CircleChange, CircleRequest, Community, Membership

# --- Communities ----------------------------------------------------------------


def _with_circle_counts(queryset: QuerySet[Community]) -> QuerySet[Community]:
    return queryset.annotate(
        citizens_count=Count("memberships", filter=Q(memberships__circle=Circle.CITIZENS)),
        informed_count=Count("memberships", filter=Q(memberships__circle=Circle.INFORMED)),
        engaged_count=Count("memberships", filter=Q(memberships__circle=Circle.ENGAGED)),
    )


def community_list(*, theme: str = "", query: str = "") -> QuerySet[Community]:
    """Communities as cards: direction, themes and members per circle.

    Three queries once paginated: the count, the page, its themes.
    """
    communities = Community.objects.select_related("direction").prefetch_related("themes")
    query = query.strip()
    if query:
        communities = communities.filter(
            Q(name__icontains=query)
            | Q(description__icontains=query)
            | Q(territory__icontains=query)
        )
    if theme:
        # A subquery rather than a join, so the theme does not multiply the
        # membership rows that the circle counts add up.
        communities = communities.filter(
            pk__in=Community.objects.filter(themes__slug=theme).values("pk")
        )
    return _with_circle_counts(communities).order_by("name", "pk")


def community_themes() -> QuerySet[Tag]:
    """The themes at least one community carries, for the list's filter."""
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="communities",
            taggit_taggeditem_items__content_type__model="community",
        )
        .distinct()
        .order_by("name")
    )


def community_page() -> QuerySet[Community]:
    """One community's public page: filter it by slug.

    Three queries: the community with its counts and direction, its themes,
    its active gardener pair (as `active_pairs`, a list of zero or one).
    """
    active_pair = GardenerPair.objects.filter(ended_at__isnull=True).select_related(
        "territory_gardener", "institution_gardener", "direction"
    )
    return _with_circle_counts(
        Community.objects.select_related("direction").prefetch_related(
            "themes", Prefetch("gardener_pairs", queryset=active_pair, to_attr="active_pairs")
        )
    )


def circle_counts(community: Community) -> dict[int, int]:
    """{circle: number of members}, every circle present even when empty."""
    counts = dict.fromkeys(Circle.values, 0)
    rows = (
        Membership.objects.filter(community=community)
        .values_list("circle")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return counts


# --- One member -----------------------------------------------------------------


def pending_request(*, community: Community, user) -> CircleRequest | None:
    if not user.is_authenticated:
        return None
    return CircleRequest.objects.filter(
        community=community, user=user, status=CircleRequest.Status.PENDING
    ).first()


def member_history(*, community: Community, user) -> QuerySet[CircleChange]:
    """Every circle change of the user in the community, newest first."""
    return CircleChange.objects.filter(community=community, user=user).select_related("actor")


def member_requests(*, community: Community, user) -> QuerySet[CircleRequest]:
    return (
        CircleRequest.objects.filter(community=community, user=user)
        .select_related("decided_by")
        .order_by("-created_at", "-id")
    )


@dataclass
class MyCommunity:
    """One line of "My communities": where I am, what I asked, what happened."""

    community: Community
    membership: Membership | None = None
    requests: list[CircleRequest] = field(default_factory=list)
    history: list[CircleChange] = field(default_factory=list)

    @property
    def pending_request(self) -> CircleRequest | None:
        return next((r for r in self.requests if r.status == CircleRequest.Status.PENDING), None)

    @property
    def decided_requests(self) -> list[CircleRequest]:
        return [r for r in self.requests if r.status != CircleRequest.Status.PENDING]


def my_communities(user) -> tuple[list[MyCommunity], list[MyCommunity]]:
    """(communities I belong to, communities I left), both by name.

    Three queries: memberships, requests, history; whatever their number.
    """
    entries: dict[int, MyCommunity] = {}
    for membership in Membership.objects.filter(user=user).select_related("community"):
        entries[membership.community_id] = MyCommunity(
            community=membership.community, membership=membership
        )
    requests = (
        CircleRequest.objects.filter(user=user)
        .select_related("community", "decided_by")
        .order_by("-created_at", "-id")
    )
    for request in requests:
        entry = entries.setdefault(request.community_id, MyCommunity(request.community))
        entry.requests.append(request)
    for change in CircleChange.objects.filter(user=user).select_related("community", "actor"):
        entry = entries.setdefault(change.community_id, MyCommunity(change.community))
        entry.history.append(change)
    ordered = sorted(entries.values(), key=lambda e: e.community.name.lower())
    current = [e for e in ordered if e.membership is not None]
    past = [e for e in ordered if e.membership is None]
    return current, past


# --- Gardeners' views -------------------------------------------------------------


def member_list(
    *, community: Community, circle: int | None = None, query: str = ""
) -> QuerySet[Membership]:
    """The members with their person, by name. Two queries once paginated."""
    members = Membership.objects.filter(community=community).select_related("user")
    if circle:
        members = members.filter(circle=circle)
    query = query.strip()
    if query:
        members = members.filter(
            Q(user__display_name__icontains=query) | Q(user__email__icontains=query)
        )
    return members.order_by("user__display_name", "user__email", "pk")


def pending_requests(community: Community) -> QuerySet[CircleRequest]:
    """Requests waiting for an answer, oldest first, with the member's current circle."""
    current_circle = Membership.objects.filter(
        community=OuterRef("community"), user=OuterRef("user")
    ).values("circle")[:1]
    return (
        CircleRequest.objects.filter(community=community, status=CircleRequest.Status.PENDING)
        .select_related("user")
        .annotate(current_circle=Subquery(current_circle))
        .order_by("created_at", "id")
    )


def decided_requests(community: Community, *, limit: int = 20) -> QuerySet[CircleRequest]:
    """The latest answered or withdrawn requests, newest first."""
    return (
        CircleRequest.objects.filter(community=community)
        .exclude(status=CircleRequest.Status.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at", "-id")[:limit]
    )
