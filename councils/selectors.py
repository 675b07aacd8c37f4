"""Reads of citizen councils: lists, a council's page, a draw's report.
Each takes a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from .models import Candidate, Council, Draw, Member
from .services import engine


def council_list():
    return Council.objects.select_related("direction").annotate(
        seated=Count("members", filter=Q(members__ended_at__isnull=True))
    )


def council_page(slug: str) -> Council:
    """The council with its colleges, characteristics, seated members and draws."""
    return (
        Council.objects.select_related("direction")
        .prefetch_related(
            "colleges", "characteristics",
            Prefetch("members", queryset=Member.objects.filter(ended_at__isnull=True)
                     .select_related("college", "candidate"), to_attr="seated"),
            Prefetch("draws", queryset=Draw.objects.select_related("college", "replaces"),
                     to_attr="all_draws"),
        )
        .get(slug=slug)
    )


def pool_size(council: Council) -> int:
    return Candidate.objects.filter(council=council, withdrawn_at__isnull=True).count()


def former_members(council: Council):
    return (Member.objects.filter(council=council, ended_at__isnull=False)
            .select_related("college", "replacement").order_by("-ended_at"))


def draw_report(draw: Draw, labels: dict) -> list[dict]:
    """One row per category: its quota, its count in the pool and among the drawn."""
    in_pool = engine.pool_counts(draw.pool)
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
            })
    return rows
