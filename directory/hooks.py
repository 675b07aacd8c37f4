"""What directory plugs into the membership lifecycle (communities/lifecycle.py),
registered from `DirectoryConfig.ready()`: a member who leaves the community,
or is removed from it, loses their directory entry in the same transaction."""

from __future__ import annotations

from communities import lifecycle
from communities.lifecycle import DEPARTURES, MembershipEvent, Phase

from . import services


def remove_entry_on_departure(event: MembershipEvent) -> None:
    services.entry_remove_on_departure(community=event.community, user=event.user)


def register() -> None:
    lifecycle.hooks.register(
        remove_entry_on_departure,
        name="directory.remove_entry_on_departure",
        on=DEPARTURES,
        phase=Phase.IN_TRANSACTION,
    )
