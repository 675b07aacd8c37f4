"""Reads of the newsletters app, each in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from communities.models import Circle, Community, Membership
from events.models import Event
from events.selectors import visible_events_q
from roles import filters as role_filters
from terreau.french import sort_key

from .models import AudienceCircle, Delivery, Letter, Section, Subscription

# --- Recipients -----------------------------------------------------------------


def _audience_q(letter: Letter, pairs=None) -> Q | None:
    """Memberships in the letter's audience: one query unless `pairs` are given."""
    if pairs is None:
        pairs = letter.audience.values_list("community_id", "circle")
    q = None
    for community_id, circle in pairs:
        term = Q(community_id=community_id, circle=circle)
        q = term if q is None else q | term
    return q


def recipients(letter: Letter) -> QuerySet[User]:
    """Who receives the letter: members of an audience circle who agreed to
    receive that community's letters, with a verified address, active.

    Two queries: the audience, then the people (one per person, whatever
    the number of their memberships in the audience).
    """
    q = _audience_q(letter)
    if q is None:
        return User.objects.none()
    subscribed = Subscription.objects.filter(
        user=OuterRef("user"), community=OuterRef("community"), subscribed=True
    )
    memberships = Membership.objects.filter(q).filter(Exists(subscribed))
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return (
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .filter(Exists(verified))
        .order_by("pk")
    )


def recipient_count(letter: Letter) -> int:
    return recipients(letter).count()


def audience_summary(letter: Letter) -> list[dict]:
    """Per chosen circle: members, and how many of them will receive the letter.

    Two queries: the chosen circles, then one aggregate over their members.
    """
    subscribed = Subscription.objects.filter(
        user=OuterRef("user"), community=OuterRef("community"), subscribed=True
    )
    verified = EmailAddress.objects.filter(
        user=OuterRef("user"), email__iexact=OuterRef("user__email"), verified=True
    )
    rows = []
    for item in letter.audience.select_related("community").order_by("community__name", "-circle"):
        rows.append({"community": item.community, "circle": Circle(item.circle)})
    if not rows:
        return []
    # One aggregate query for every chosen circle.
    q = _audience_q(letter, [(row["community"].pk, row["circle"]) for row in rows])
    counts = (
        Membership.objects.filter(q)
        .values("community_id", "circle")
        .annotate(
            members=Count("pk"),
            receiving=Count(
                "pk",
                filter=Q(Exists(subscribed), Exists(verified), user__is_active=True),
            ),
        )
        .order_by()
    )
    by_key = {(c["community_id"], c["circle"]): c for c in counts}
    for row in rows:
        found = by_key.get((row["community"].pk, row["circle"]), {})
        row["members"] = found.get("members", 0)
        row["receiving"] = found.get("receiving", 0)
    return rows


# --- Letters ----------------------------------------------------------------------


def community_letters(community: Community) -> QuerySet[Letter]:
    """The gardeners' list: every letter, with its sections counted by state.

    One query once paginated.
    """
    return (
        Letter.objects.filter(community=community)
        .annotate(
            proposed_count=Count("sections", filter=Q(sections__state=Section.State.PROPOSED)),
            accepted_count=Count("sections", filter=Q(sections__state=Section.State.ACCEPTED)),
            section_count=Count("sections"),
        )
        .order_by("-planned_for", "-id")
    )


def letter_for_page(pk) -> Letter | None:
    """A letter with its community and audience (for the rules, and the
    page's "sent to" line with each circle's community): 2 queries."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Letter.objects.select_related("community", "created_by")
        .prefetch_related(Prefetch("audience", queryset=AudienceCircle.objects
                                   .select_related("community").order_by("pk")))
        .filter(pk=pk)
        .first()
    )


def letter_sections(letter: Letter, *, state: str | None = None) -> QuerySet[Section]:
    sections = Section.objects.filter(letter=letter).select_related("author", "event")
    if state:
        sections = sections.filter(state=state)
    return sections.order_by("position", "id")


def accepted_sections(letter: Letter) -> list[Section]:
    return list(letter_sections(letter, state=Section.State.ACCEPTED))


def my_sections(letter: Letter, user) -> QuerySet[Section]:
    if not user.is_authenticated:
        return Section.objects.none()
    return letter_sections(letter).filter(author=user)


@dataclass
class Progress:
    total: int
    sent: int
    failed: int
    pending: int

    @property
    def done(self) -> int:
        return self.sent + self.failed

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    def as_dict(self) -> dict:
        return {"total": self.total, "sent": self.sent, "failed": self.failed,
                "pending": self.pending, "percent": self.percent}


def progress(letter: Letter) -> Progress:
    """Sent / failed / waiting copies, in one aggregate query."""
    counts = Delivery.objects.filter(letter=letter).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=Delivery.State.SENT)),
        failed=Count("pk", filter=Q(state=Delivery.State.FAILED)),
    )
    total = counts["total"]
    return Progress(total=total, sent=counts["sent"], failed=counts["failed"],
                    pending=total - counts["sent"] - counts["failed"])


# --- Subscriptions ------------------------------------------------------------------


@dataclass
class SubscriptionLine:
    community: Community
    circle: int | None  # None: a choice kept after leaving the community
    # Receiving its letters: subscribed, and a member.
    subscribed: bool = False
    subscription: Subscription | None = None


def my_subscriptions(user) -> list[SubscriptionLine]:
    """Every community I belong to or have a choice recorded for, by name.

    Two queries: memberships, subscriptions.
    """
    lines: dict[int, SubscriptionLine] = {}
    for membership in Membership.objects.filter(user=user).select_related("community"):
        lines[membership.community_id] = SubscriptionLine(membership.community,
                                                          membership.circle)
    for subscription in Subscription.objects.filter(user=user).select_related("community"):
        line = lines.setdefault(subscription.community_id,
                                SubscriptionLine(subscription.community, None))
        line.subscribed = subscription.subscribed and line.circle is not None
        line.subscription = subscription
    return sorted(lines.values(), key=lambda line: sort_key(line.community.name))


def is_subscribed(user, community: Community) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(user=user, community=community, subscribed=True).exists()


def linkable_events(letter: Letter, user, *, current_id: int | None = None):
    """Events a section may link: the community's published, not yet over
    (and the one already linked, whatever its state now), among those `user`
    may see: the picker is filtered by the same rule as the event's page
    (events.selectors.visible_events_q), so an informed member never reads
    the title of an engaged-only event in it."""
    upcoming = Q(state=Event.State.PUBLISHED, ends_at__gte=timezone.now())
    if current_id:
        upcoming |= Q(pk=current_id)
    return (
        Event.objects.filter(community=letter.community)
        .filter(upcoming)
        .filter(visible_events_q(user))
        .order_by("starts_at", "pk")
    )


# --- Archive -------------------------------------------------------------------------


def archive(community: Community, user) -> QuerySet[Letter]:
    """Sent letters of the community (its own, and those the cultivator sent
    to its circles) that `user` may read, newest first.

    Public letters (sent to a citizens circle) for everyone; the others for
    the circles they were sent to (or closer), the pairs of the communities
    they were sent to, and the letters' managers.
    Two queries once paginated: the page and its audiences.
    """
    in_archive = AudienceCircle.objects.filter(letter=OuterRef("pk"), community=community)
    letters = Letter.objects.filter(state=Letter.State.SENT).filter(
        Q(community=community) | Exists(in_archive)
    )
    # predicates.can_read_sent_letter, as one filter: the letters they manage
    # (all of them for staff and the cultivator), public ones, those sent to
    # a circle the person is in (or closer), and to a community they garden.
    managed = role_filters.overseen_by(user, field="community")
    if managed is not role_filters.EVERYTHING:
        readable = (Q(circle=Circle.CITIZENS) | role_filters.within_circles_of(user)
                    | role_filters.gardened_by(user, field="community"))
        visible = AudienceCircle.objects.filter(readable, letter=OuterRef("pk"))
        letters = letters.filter(Exists(visible) | managed)
    return (
        letters.select_related("community")
        .prefetch_related("audience")
        .order_by("-sent_at", "-pk")
    )


def public_archive(community: Community) -> QuerySet[Letter]:
    """What the feeds list: the letters anyone may read."""
    from django.contrib.auth.models import AnonymousUser

    return archive(community, AnonymousUser())


# --- Figures for the dashboards (insights) --------------------------------------

# Letters whose content is still being written or waiting to leave.
PREPARATION_STATES = (Letter.State.CALL_OPEN, Letter.State.EDITING, Letter.State.SCHEDULED)


def letters_in_preparation(*, community: Community, limit: int) -> list[Letter]:
    """Open calls, letters being edited, scheduled letters, soonest planned first,
    with their sections waiting for review and accepted: one query."""
    return list(
        Letter.objects.filter(community=community, state__in=PREPARATION_STATES)
        .annotate(
            sections_waiting=Count("sections", filter=Q(sections__state=Section.State.PROPOSED)),
            sections_accepted=Count("sections", filter=Q(sections__state=Section.State.ACCEPTED)),
        )
        .order_by("planned_for", "pk")[:limit]
    )


def _count_per(queryset, community_field: str) -> Coalesce:
    rows = queryset.order_by().values(community_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def preparation_per_community() -> dict:
    """Annotations for a queryset of communities: `letters_preparing` and the
    sections of those letters waiting for review (`sections_waiting`), as
    correlated subqueries."""
    letters = Letter.objects.filter(community=OuterRef("pk"), state__in=PREPARATION_STATES)
    sections = Section.objects.filter(
        letter__community=OuterRef("pk"),
        letter__state__in=PREPARATION_STATES,
        state=Section.State.PROPOSED,
    )
    return {
        "letters_preparing": _count_per(letters, "community"),
        "sections_waiting": _count_per(sections, "letter__community"),
    }


def call_recipients(letter: Letter) -> list[User]:
    """The active members of the circles a letter invites to write, in one query."""
    members = (
        Membership.objects.filter(
            community=letter.community, circle__gte=letter.invited_circle,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__pk")
    )
    return [m.user for m in members]
