"""Circle requests: a member asks to move inward, gardeners decide."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.lifecycle import Change
from communities.models import CircleChange, CircleRequest, Community
from terreau.decisions import decide

from ._common import (
    _changed,
    _check_length,
    _locked_membership,
    _record,
    _valid_circle,
)
from ._tell import tell_gardeners_of_request, tell_member_of_decision


def circle_request_create(*, community: Community, user, circle: int, message: str) -> CircleRequest:
    with transaction.atomic():
        circle = _valid_circle(circle)
        if not message.strip():
            raise ValidationError(
                _("Tell the gardeners a few words about why you want to move."),
                code="message_required",
            )
        _check_length(message.strip())
        membership = _locked_membership(community=community, user=user)
        if circle <= membership.circle:
            raise ValidationError(
                _("You can only ask to move to a circle closer to the core than yours."),
                code="not_inward",
            )
        try:
            with transaction.atomic():
                request = CircleRequest.objects.create(
                    community=community, user=user, circle=circle, message=message.strip()
                )
        except IntegrityError:
            raise ValidationError(
                _("You already have a request waiting for an answer in this community."),
                code="already_pending",
            ) from None
        membership.last_active_at = timezone.now()
        membership.save(update_fields=["last_active_at"])
        tell_gardeners_of_request(request)
        return request


def _locked_request(request_id, community: Community) -> CircleRequest:
    try:
        return CircleRequest.objects.select_for_update().get(
            pk=int(request_id), community=community
        )
    except (CircleRequest.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("This request does not exist."), code="no_request") from None


def _check_pending(request: CircleRequest) -> None:
    # Early, before the membership is locked; decide() checks again under its lock.
    if not request.is_decidable:
        raise request.already_decided()


def _locked_pending_request(request_id, community: Community) -> CircleRequest:
    request = _locked_request(request_id, community)
    _check_pending(request)
    return request


def circle_request_withdraw(*, community: Community, request_id: int, user) -> CircleRequest:
    with transaction.atomic():
        request = _locked_request(request_id, community)
        # Ownership first: someone else's request must not reveal its status.
        if request.user_id != user.pk:
            raise ValidationError(_("This request is not yours."), code="not_yours")
        return decide(request, status=CircleRequest.Status.WITHDRAWN, actor=user)


def circle_request_approve(
    *, community: Community, request_id: int, actor, answer: str = ""
) -> CircleRequest:
    with transaction.atomic():
        _check_length(answer.strip())
        request = _locked_pending_request(request_id, community)
        membership = _locked_membership(community=community, user=request.user)
        from_circle = membership.circle
        if request.circle > membership.circle:
            membership.circle = request.circle
            membership.save(update_fields=["circle"])
        decide(request, status=CircleRequest.Status.APPROVED, actor=actor, answer=answer.strip())
        _record(
            community=community,
            user=request.user,
            actor=actor,
            kind=CircleChange.Kind.REQUEST_APPROVED,
            from_circle=from_circle,
            to_circle=membership.circle,
            reason=request.answer or request.message,
        )
        if membership.circle != from_circle:
            _changed(
                change=Change.MOVED, community=community, user=request.user, actor=actor,
                old_circle=from_circle, new_circle=membership.circle,
            )
        tell_member_of_decision(request, actor=actor)
        return request


def circle_request_decline(
    *, community: Community, request_id: int, actor, answer: str
) -> CircleRequest:
    with transaction.atomic():
        if not answer.strip():
            raise ValidationError(
                _("Write a short answer: the member will read why."), code="answer_required"
            )
        _check_length(answer.strip())
        request = _locked_pending_request(request_id, community)
        decide(request, status=CircleRequest.Status.DECLINED, actor=actor, answer=answer.strip())
        tell_member_of_decision(request, actor=actor)
        return request
