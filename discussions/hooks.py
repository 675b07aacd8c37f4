"""What discussions plugs into the membership lifecycle (communities/lifecycle.py),
registered from `DiscussionsConfig.ready()`: after any committed change of a
person's membership, their open sockets re-check their rights and close the
channels they may no longer read (a rolled-back change pushes nothing)."""

from __future__ import annotations

from communities import lifecycle
from communities.lifecycle import EVERY_CHANGE, MembershipEvent, Phase

from . import broadcast


def recheck_sockets(event: MembershipEvent) -> None:
    broadcast.membership_changed(event.community.pk, event.user.pk)


def register() -> None:
    lifecycle.hooks.register(
        recheck_sockets,
        name="discussions.recheck_sockets",
        on=EVERY_CHANGE,
        phase=Phase.AFTER_COMMIT,
    )
