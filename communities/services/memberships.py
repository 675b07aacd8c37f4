"""Joining, leaving, removal and circle moves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.lifecycle import Change
from communities.models import Circle, CircleChange, CircleRequest, Community, Membership
from terreau.decisions import decide

from ._common import (
    _changed,
    _close_pending_requests,
    _locked_membership,
    _locked_pending_requests,
    _record,
    _valid_circle,
)
from ._tell import tell_member_of_decision
from .following import follow_end_on_joining


def membership_join(*, community: Community, user) -> Membership:
    """Join in one click: everyone starts in the citizens circle."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    community=community, user=user, circle=Circle.CITIZENS
                )
        except IntegrityError:
            raise ValidationError(
                _("You are already a member of %(community)s.") % {"community": community},
                code="already_member",
            ) from None
        # A follower who joins hears of the events as a member from now on.
        follow_end_on_joining(community=community, user=user)
        _record(
            community=community,
            user=user,
            actor=user,
            kind=CircleChange.Kind.JOINED,
            from_circle=None,
            to_circle=Circle.CITIZENS,
        )
        _changed(
            change=Change.JOINED, community=community, user=user, actor=user,
            old_circle=None, new_circle=Circle.CITIZENS,
        )
        return membership


def membership_leave(*, community: Community, user, reason: str = "") -> None:
    with transaction.atomic():
        _membership_end(
            community=community, user=user, actor=user, kind=CircleChange.Kind.LEFT,
            change=Change.LEFT, reason=reason,
        )


def membership_remove(*, community: Community, user, actor, reason: str) -> None:
    """A gardener removes a member; the reason is kept in the member's history."""
    with transaction.atomic():
        if not reason.strip():
            raise ValidationError(_("Say why the member is removed."), code="reason_required")
        _membership_end(
            community=community, user=user, actor=actor, kind=CircleChange.Kind.REMOVED,
            change=Change.REMOVED, reason=reason,
        )


def _membership_end(
    *, community: Community, user, actor, kind, change: Change, reason: str
) -> None:
    """Leaving and removal: close the pending requests, record, delete, tell the others."""
    pending = _locked_pending_requests(community=community, user=user)
    membership = _locked_membership(community=community, user=user)
    _close_pending_requests(pending, actor=actor)
    _record(
        community=community,
        user=user,
        actor=actor,
        kind=kind,
        from_circle=membership.circle,
        to_circle=None,
        reason=reason,
    )
    membership.delete()
    _changed(
        change=change, community=community, user=user, actor=actor,
        old_circle=membership.circle, new_circle=None,
    )


def membership_move(*, community: Community, user, actor, to_circle: int, reason: str) -> Membership:
    """A gardener moves a member to another circle, saying why."""
    with transaction.atomic():
        to_circle = _valid_circle(to_circle)
        if not reason.strip():
            raise ValidationError(_("Say why the member changes circle."), code="reason_required")
        pending = _locked_pending_requests(community=community, user=user)
        membership = _locked_membership(community=community, user=user)
        if membership.circle == to_circle:
            raise ValidationError(
                _("%(person)s is already in the %(circle)s circle.")
                % {"person": user, "circle": Circle(to_circle).label},
                code="same_circle",
            )
        from_circle = membership.circle
        membership.circle = to_circle
        # last_active_at is the member's own activity: a gardener's move is not.
        membership.save(update_fields=["circle"])
        _record(
            community=community,
            user=user,
            actor=actor,
            kind=CircleChange.Kind.MOVED,
            from_circle=from_circle,
            to_circle=to_circle,
            reason=reason,
        )
        # A pending request the move fulfils is answered by it, and the member told.
        for request in pending:
            if request.circle <= to_circle:
                decide(request, status=CircleRequest.Status.APPROVED, actor=actor, answer=reason)
                tell_member_of_decision(request, actor=actor)
        _changed(
            change=Change.MOVED, community=community, user=user, actor=actor,
            old_circle=from_circle, new_circle=to_circle,
        )
        return membership


def membership_touch(*, community: Community, user) -> None:
    """Note that a member did something in the community (posted, registered...)."""
    Membership.objects.filter(community=community, user=user).update(last_active_at=timezone.now())
