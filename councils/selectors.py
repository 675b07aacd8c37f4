"""Reads of citizen councils: lists, a council's page, a draw's report.
Each takes a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from roles.predicates import agent_direction_ids, is_cultivator, is_site_staff

from .models import Candidate, Council, Draw, Member, Session
from .seats import member_accounts, seated, seats_of  # noqa: F401 -- offered to other apps
from .services import engine


def active_members(council: Council):
    """The council's seated members, with their college and account."""
    return seated().filter(council=council).select_related("college", "user")


def sessions_of(council: Council, now) -> tuple[list[Session], list[Session]]:
    """(upcoming, past) sessions from the page's prefetch: upcoming soonest
    first, past latest first; a session under way counts as upcoming."""
    sessions = council.all_sessions
    upcoming = [s for s in sessions if s.event.ends_at > now]
    past = [s for s in reversed(sessions) if s.event.ends_at <= now]
    return upcoming, past


def council_list():
    return Council.objects.select_related("direction").annotate(
        seated=Count("members", filter=Q(members__ended_at__isnull=True))
    )


def managed_councils(user):
    """The councils this person runs (councils.manage_council: an agent of
    their direction, the cultivator, site staff), in one query: what a
    barometer's wave may ask."""
    councils = Council.objects.order_by("name", "pk")
    if is_site_staff(user) or is_cultivator(user):
        return councils
    return councils.filter(direction_id__in=agent_direction_ids(user))


def council_page(slug: str) -> Council:
    """The council with its colleges, characteristics, seated members and draws."""
    return (
        Council.objects.select_related("direction", "community", "channel__community")
        .prefetch_related(
            "colleges", "characteristics",
            Prefetch("members", queryset=Member.objects.filter(ended_at__isnull=True)
                     .select_related("college", "candidate"), to_attr="seated"),
            Prefetch("draws", queryset=Draw.objects.select_related("college", "replaces"),
                     to_attr="all_draws"),
            Prefetch("sessions", queryset=Session.objects.select_related("event"),
                     to_attr="all_sessions"),
        )
        .get(slug=slug)
    )


def pool_size(council: Council) -> int:
    return Candidate.objects.filter(council=council, withdrawn_at__isnull=True).count()


def former_members(council: Council):
    return (Member.objects.filter(council=council, ended_at__isnull=False)
            .select_related("college", "replacement").order_by("-ended_at"))


def draw_report(draw: Draw, labels: dict) -> list[dict]:
    """One row per category: its quota, its count and share in the pool and
    among the drawn, and the share of its candidates who were drawn."""
    in_pool = engine.pool_counts(draw.pool)
    pool_size, seats = len(draw.pool), len(draw.result)
    drawn = engine.composition(draw.result, draw.pool)
    rows = []
    for key, categories in draw.quotas.items():
        for category, (low, high) in categories.items():
            count = drawn.get(key, {}).get(category, 0)
            rows.append({
                "characteristic": labels.get(key, key), "category": category,
                "min": low, "max": high,
                "pool": in_pool.get(key, {}).get(category, 0),
                "drawn": count, "met": low <= count <= high,
                "pool_share": _share(in_pool.get(key, {}).get(category, 0), pool_size),
                "drawn_share": _share(count, seats),
                "rate": _share(count, in_pool.get(key, {}).get(category, 0)),
            })
    return rows


def replacements_of(draw: Draw) -> list[Draw]:
    """The replacement draws of the members this draw seated who left, with
    the member they replace and its candidacy (its pseudonymous number)."""
    return list(Draw.objects.filter(replaces__draw=draw)
                .select_related("council", "replaces__candidate").order_by("announced_at", "pk"))


def candidacies_of(user) -> list[Candidate]:
    """The candidacies still in a pool of a signed-in person: tied to their
    account, or made with their account's (verified) address without it."""
    if not user.is_authenticated:
        return []
    seated = Member.objects.filter(candidate=OuterRef("pk"), ended_at__isnull=True)
    return list(
        Candidate.objects.filter(Q(user=user) | Q(email__iexact=user.email),
                                 withdrawn_at__isnull=True)
        .select_related("council").annotate(sits=Exists(seated))
        .order_by("council__name")
    )


def _share(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide by."""
    return 100 * part / whole if whole else None
