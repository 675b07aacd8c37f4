"""What councils plugs into the lower apps, registered from `CouncilsConfig.ready()`:
a channel access provider (discussions/access.py). A council's own channel
(Council.channel, in the community the council is linked to) is read by the
council's seated members with an account only — the community's moderators
aside, as for every channel. A member who leaves loses it: their open
sockets re-check (councils.services.members.seat_ended)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from discussions import access

from .models import Council
from .seats import seats_of, seats_of_outer


class CouncilChannelAccess:
    name = "councils.council_channel"

    def may_read(self, user, channel) -> bool | None:
        # One query: None when no council owns the channel.
        return (
            Council.objects.filter(channel_id=channel.pk)
            .annotate(sits=Exists(seats_of(user).filter(council=OuterRef("pk"))))
            .values_list("sits", flat=True)
            .first()
        )

    def readable_channels(self, user) -> Q:
        return Q(council__isnull=True) | Q(
            Exists(seats_of(user).filter(council__channel=OuterRef("pk")))
        )

    def readers(self, channel) -> Q:
        """Over Membership rows: every member when no council owns the
        channel, else the council's seated members."""
        return Q(~Exists(Council.objects.filter(channel_id=channel.pk))) | Q(
            Exists(seats_of_outer("user_id", "user__email").filter(council__channel_id=channel.pk))
        )


def register() -> None:
    access.providers.register(CouncilChannelAccess())
