"""New needs and synergy proposals waiting for the pair's first look, on
their dashboard (communities/waiting.py; the e-mails need_new and
need_new_first invite to it). One query."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from communities import waiting
from roles.filters import gardened_by

from .models import Need, Status


def new_needs(user) -> list[waiting.Item]:
    rows = waiting.per_community(
        Need.objects.filter(gardened_by(user, field="community"), status=Status.NEW)
    )
    return [
        waiting.Item(
            text=ngettext("Take up %(count)s new need or proposal",
                          "Take up %(count)s new needs or proposals", row["count"])
            % {"count": row["count"]},
            url=reverse("needs:board", kwargs={"slug": row["slug"]}),
            community=row["name"], count=row["count"],
        )
        for row in rows
    ]


def register() -> None:
    waiting.register(waiting.Source("new_needs", ("need_new", "need_new_first"), new_needs))
