"""Requests to join a working group, waiting for the community's pair, on
their dashboard (communities/waiting.py). One query."""

from __future__ import annotations

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import ngettext

from communities import waiting
from roles.filters import gardened_by

from .models import JoinRequest


def join_requests(user) -> list[waiting.Item]:
    rows = (
        JoinRequest.objects.filter(gardened_by(user, field="group__community"),
                                   status=JoinRequest.Status.PENDING)
        .order_by()
        .values(c_slug=F("group__community__slug"), c_name=F("group__community__name"),
                g_slug=F("group__slug"), g_name=F("group__name"))
        .annotate(count=Count("pk")).order_by("c_name", "g_name")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=ngettext("Answer %(count)s request to join “%(group)s”",
                          "Answer %(count)s requests to join “%(group)s”", row["count"])
            % {"count": row["count"], "group": row["g_name"]},
            url=reverse("workgroups:requests",
                        kwargs={"slug": row["c_slug"], "group_slug": row["g_slug"]}),
            community=row["c_name"], count=row["count"],
        )
        for row in rows
    ]


def register() -> None:
    waiting.register(waiting.Source("group_join_requests", ("group_join_request",),
                                    join_requests))
