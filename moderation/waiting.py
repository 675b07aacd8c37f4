"""Reports waiting for the pair's decision, on their dashboard
(communities/waiting.py). One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from communities import waiting
from roles.filters import gardened_by

from .kinds import CASE_OPENED
from .models import Case


def open_cases(user) -> list[waiting.Item]:
    rows = waiting.per_community(
        Case.objects.filter(gardened_by(user, field="community"), status=Case.Status.OPEN)
    )
    return [
        waiting.Item(
            text=ngettext("Decide on %(count)s report", "Decide on %(count)s reports",
                          row["count"]) % {"count": row["count"]},
            url=reverse("moderation:queue", kwargs={"slug": row["slug"]}),
            community=row["name"], count=row["count"],
        )
        for row in rows
    ]


def register() -> None:
    waiting.register(waiting.Source("moderation_cases", (CASE_OPENED,), open_cases))
