"""Reads of the communities app.

Every function here costs a constant number of queries whatever the number of
communities, members or history lines: counts are annotated, related rows are
joined or prefetched, long lists are paginated by the caller.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from taggit.models import Tag

from roles.selectors import active_pair_relation
from terreau.french import sort_key

from .models import Circle, CircleChange, CircleRequest, Community, CommunityFollower, Membership

# --- Communities ----------------------------------------------------------------


def _circle_count(circle: Circle) -> Coalesce:
    # A correlated subquery per circle, counted on the (community, circle)
    # index for the rows of the page only: a join and GROUP BY would count
    # every membership of every community before the page is cut (the home
    # page's list at 100 communities and 20,000 members: 30.5 ms, against
    # 8.7 ms this way; docs/performance.md).
    return Coalesce(
        Subquery(
            Membership.objects.filter(community=OuterRef("pk"), circle=circle)
            .order_by().values("community").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _with_circle_counts(queryset: QuerySet[Community]) -> QuerySet[Community]:
    return queryset.annotate(
        citizens_count=_circle_count(Circle.CITIZENS),
        informed_count=_circle_count(Circle.INFORMED),
        engaged_count=_circle_count(Circle.ENGAGED),
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


def community_space(slug: str) -> Community | None:
    """The community of a page under /communities/<slug>/, or None.

    One query, whatever the number of members: the community with its
    direction, its members per circle (`citizens_count`, `informed_count`,
    `engaged_count`) and its active gardener pair with the pair's people
    (`active_pair`, None when there is none), and how many people follow it
    without being members (`followers_count`, a subquery). Every community-scoped view
    loads its community through this (communities.views.community_from_slug).
    """
    community = (
        _with_circle_counts(Community.objects.filter(slug=slug))
        .annotate(active_pair=active_pair_relation(), followers_count=_followers_count())
        .select_related(
            "direction",
            "active_pair",
            "active_pair__territory_gardener",
            "active_pair__institution_gardener",
            "active_pair__direction",
        )
        .first()
    )
    if community is not None and not hasattr(community, "active_pair"):
        community.active_pair = None  # the join found no active pair
    return community


def _followers_count() -> Coalesce:
    return Coalesce(
        Subquery(
            CommunityFollower.objects.filter(community=OuterRef("pk"))
            .order_by().values("community").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


# --- Followers (not members) ----------------------------------------------------


def is_following(*, community: Community, user) -> bool:
    """Whether this signed-in person follows the community: one query."""
    return CommunityFollower.objects.filter(community=community, user=user).exists()


def follower_ids(community_id: int) -> QuerySet:
    """The ids of the people who follow the community and are not members of it
    (a values queryset: a subquery for the caller, or one query)."""
    return (
        CommunityFollower.objects.filter(community_id=community_id)
        .exclude(user__memberships__community_id=community_id)
        .values_list("user_id", flat=True)
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
    ordered = sorted(entries.values(), key=lambda e: sort_key(e.community.name))
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


# --- Figures for the dashboards (insights) --------------------------------------


def members_per_circle(community_ids) -> dict[int, dict[int, int]]:
    """{community: {circle: members today}}, every circle present: one query."""
    ids = list(community_ids)
    counts = {pk: dict.fromkeys(Circle.values, 0) for pk in ids}
    rows = (
        Membership.objects.filter(community_id__in=ids)
        .order_by()
        .values_list("community_id", "circle")
        .annotate(n=Count("pk"))
    )
    for community_id, circle, n in rows:
        counts[community_id][circle] = n
    return counts


def circle_changes_per_month(community_ids, month_starts: list) -> list[dict]:
    """The circle changes since `month_starts[0]`, one row per (community,
    from_circle, to_circle) with `per_month`: how many in each month, oldest
    first (the last month runs until now). One query, with one conditional
    count per month, whatever the number of changes."""
    bounds = [*month_starts[1:], None]
    per_month = {
        f"m{i}": Count(
            "pk",
            filter=Q(created_at__gte=start) & (Q(created_at__lt=end) if end else Q()),
        )
        for i, (start, end) in enumerate(zip(month_starts, bounds))
    }
    rows = (
        CircleChange.objects.filter(community_id__in=list(community_ids))
        .filter(created_at__gte=month_starts[0])
        .order_by()
        .values("community_id", "from_circle", "to_circle")
        .annotate(**per_month)
    )
    return [
        {
            "community_id": row["community_id"],
            "from_circle": row["from_circle"],
            "to_circle": row["to_circle"],
            "per_month": [row[f"m{i}"] for i in range(len(month_starts))],
        }
        for row in rows
    ]


def member_figures(*, community: Community, joined_since, inactive_since) -> dict[str, int]:
    """`total`, `recent` (joined since), `inactive` (silent since) and
    `circle_<value>` for each circle: one query."""
    return Membership.objects.filter(community=community).aggregate(
        total=Count("pk"),
        recent=Count("pk", filter=Q(joined_at__gte=joined_since)),
        inactive=Count("pk", filter=Q(last_active_at__lt=inactive_since)),
        **{f"circle_{c.value}": Count("pk", filter=Q(circle=c.value)) for c in Circle},
    )


def recent_joiners(*, community: Community, since, limit: int) -> list[Membership]:
    """Members who joined since then, newest first, with their person: one query."""
    return list(
        Membership.objects.filter(community=community, joined_at__gte=since)
        .select_related("user")
        .order_by("-joined_at", "-pk")[:limit]
    )


def silent_members(*, community: Community, since, limit: int) -> list[Membership]:
    """Members with no activity since then, silent the longest first: one query."""
    return list(
        Membership.objects.filter(community=community, last_active_at__lt=since)
        .select_related("user")
        .order_by("last_active_at", "pk")[:limit]
    )


def pending_count_per_community() -> Coalesce:
    """Annotation for a queryset of communities: their requests waiting for an answer."""
    pending = (
        CircleRequest.objects.filter(community=OuterRef("pk"), status=CircleRequest.Status.PENDING)
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), 0)


def _members_per_community(condition: Q | None = None) -> Coalesce:
    """Annotation for a queryset of communities: their memberships (meeting
    `condition`), counted by a correlated subquery on the community's index."""
    rows = Membership.objects.filter(community=OuterRef("pk"))
    if condition is not None:
        rows = rows.filter(condition)
    rows = rows.order_by().values("community").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def communities_side_by_side(*, inactive_since, **annotations) -> list[Community]:
    """Every community with its direction and its figures, in one query.

    Members per circle today (`citizens`, `informed`, `engaged`), `total`,
    `pending` requests, members silent since `inactive_since`
    (`to_reengage`), and the other apps' `annotations` (correlated
    subqueries, so that no count multiplies another).

    Every figure is a correlated subquery, and nothing is joined: a join to
    the memberships with GROUP BY made PostgreSQL put every subquery in the
    grouping key and run each once per membership instead of once per
    community (7 s at 25 communities and 6,000 memberships; docs/performance.md).
    """
    circles = {c.name.lower(): _members_per_community(Q(circle=c.value)) for c in Circle}
    return list(
        Community.objects.select_related("direction").annotate(
            **circles,
            total=_members_per_community(),
            pending=pending_count_per_community(),
            to_reengage=_members_per_community(Q(last_active_at__lt=inactive_since)),
            **annotations,
        )
    )


def member_ids_with_themes(tag_ids) -> QuerySet:
    """The people who belong to a community carrying one of these themes (a
    subquery of user ids: the watch on other calls tells them, calls/watch/)."""
    return Membership.objects.filter(community__themes__in=list(tag_ids)).values("user_id")
