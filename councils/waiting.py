"""Seats drawn by lot that a member left and no replacement draw was
announced for yet, on the dashboard of the council's agents (its direction's
staff; communities/waiting.py): the `council_seat_freed` e-mail asks them to
announce that draw. One query; the list ends when the replacement is
announced."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from communities import waiting
from roles.predicates import agent_direction_ids

from .models import Member


def freed_seats(user) -> list[waiting.Item]:
    directions = sorted(agent_direction_ids(user))
    if not directions:
        return []
    seats = (
        Member.objects.filter(council__direction_id__in=directions, draw__isnull=False,
                              ended_at__isnull=False, replacement__isnull=True)
        .select_related("council", "college").order_by("ended_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=_("Announce the draw that replaces %(name)s (%(college)s)")
            % {"name": seat.name, "college": seat.college.name},
            url=reverse("councils:manage", kwargs={"slug": seat.council.slug}),
            community=seat.council.name,
        )
        for seat in seats
    ]


def register() -> None:
    waiting.register(waiting.Source("council_freed_seats", ("council_seat_freed",), freed_seats))
