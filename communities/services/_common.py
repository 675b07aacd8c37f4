"""Helpers shared by the communities services: the history row, the locks
taken on a membership and on a member's pending requests, field checks."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities import lifecycle
from communities.lifecycle import Change, MembershipEvent
from communities.models import Circle, CircleChange, CircleRequest, Membership
from roles.cache import forget
from terreau.decisions import decide_all


def _changed(*, change: Change, community, user, actor, old_circle, new_circle) -> None:
    """Forget the person's cached rights, then tell the apps that registered a
    membership hook (communities/lifecycle.py): in this transaction for those
    that must be atomic with the change, after commit for the others."""
    forget(user)
    lifecycle.hooks.run(
        MembershipEvent(
            change=change,
            community=community,
            user=user,
            actor=actor,
            old_circle=None if old_circle is None else Circle(old_circle),
            new_circle=None if new_circle is None else Circle(new_circle),
        )
    )


def _record(*, community, user, actor, kind, from_circle, to_circle, reason=""):
    return CircleChange.objects.create(
        community=community,
        user=user,
        actor=actor,
        kind=kind,
        from_circle=from_circle,
        to_circle=to_circle,
        reason=reason,
    )


def _locked_membership(*, community, user) -> Membership:
    try:
        return Membership.objects.select_for_update().get(community=community, user=user)
    except Membership.DoesNotExist:
        raise ValidationError(
            _("%(person)s is not a member of %(community)s.")
            % {"person": user, "community": community},
            code="not_member",
        ) from None


# The model's max_length on a TextField is not enforced by the database.
TEXT_MAX_LENGTH = 2000


def _check_length(text: str) -> None:
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH},
            code="too_long",
        )


def _valid_circle(circle) -> int:
    try:
        return Circle(int(circle))
    except (TypeError, ValueError):
        raise ValidationError(_("Choose one of the three circles."), code="bad_circle") from None


def _locked_pending_requests(*, community, user) -> list[CircleRequest]:
    """Lock a member's pending requests.

    Every service that touches both a member's requests and their membership
    locks the requests first, then the membership, so that two gardeners
    acting on the same member at once wait for each other instead of
    deadlocking.
    """
    return list(
        CircleRequest.objects.select_for_update().filter(
            community=community, user=user, status=CircleRequest.Status.PENDING
        )
    )


def _close_pending_requests(pending: list[CircleRequest], *, actor) -> None:
    decide_all(
        CircleRequest.objects.filter(pk__in=[r.pk for r in pending]),
        status=CircleRequest.Status.WITHDRAWN, actor=actor,
    )
