"""What discussions plugs into the membership lifecycle (communities/lifecycle.py)
and into the roles' changes (roles/changes.py), registered from
`DiscussionsConfig.ready()`: after any committed change of a person's
membership or roles (a pair appointed or ended, a direction's staff), their
open sockets re-check their rights and close the channels they may no longer
read (a rolled-back change pushes nothing); after a sign-out, a deactivation,
a deletion or a new password (accounts/sessions.py), the sockets of a session
that no longer signs them in close."""

from __future__ import annotations

from accounts.sessions import on_sign_in_changed
from communities import lifecycle
from communities.lifecycle import EVERY_CHANGE, MembershipEvent, Phase
from roles.changes import on_roles_changed

from . import broadcast


def recheck_sockets(event: MembershipEvent) -> None:
    broadcast.membership_changed(event.community.pk, event.user.pk)


def recheck_sockets_of(user_ids: list[int]) -> None:
    for user_id in user_ids:
        broadcast.roles_changed(user_id)


def register() -> None:
    on_sign_in_changed("discussions.recheck_sockets", broadcast.sign_in_changed)
    on_roles_changed("discussions.recheck_sockets", recheck_sockets_of)
    lifecycle.hooks.register(
        recheck_sockets,
        name="discussions.recheck_sockets",
        on=EVERY_CHANGE,
        phase=Phase.AFTER_COMMIT,
    )
