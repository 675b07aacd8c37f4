"""Join requests: asking, approving, declining."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications import services as notifications
from roles.selectors import gardeners_of
from terreau.decisions import decide

from ..models import GroupMember, JoinRequest, WorkingGroup
from ._common import (
    TEXT_MAX_LENGTH,
    _check_open,
    _data,
    _locked_engaged_membership,
    _locked_group,
    _notify_membership,
    _text,
)
from .members import _add

# --- Join requests ----------------------------------------------------------------------


def join_request_create(*, group: WorkingGroup, user, message: str) -> JoinRequest:
    """An engaged member asks to join; the pair is notified."""
    with transaction.atomic():
        message = _text(
            message, limit=TEXT_MAX_LENGTH, field="message",
            required=_("Tell the gardeners in a few words what you would bring to the group."),
        )
        _locked_engaged_membership(community=group.community, user=user)
        group = _locked_group(group)
        _check_open(group)
        if GroupMember.objects.filter(group=group, user=user, ended_at__isnull=True).exists():
            raise ValidationError(
                _("You are already a member of “%(group)s”.") % {"group": group.name},
                code="already_member",
            )
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(group=group, user=user, message=message)
        except IntegrityError:
            raise ValidationError(
                _("You already asked to join “%(group)s”; the gardeners have not answered yet.")
                % {"group": group.name},
                code="already_pending",
            ) from None
        notifications.notify(
            gardeners_of(group.community), "group_join_request", actor=user,
            community=group.community,
            url=reverse(
                "workgroups:requests",
                kwargs={"slug": group.community.slug, "group_slug": group.slug},
            ),
            data=_data(group, person=str(user), message=message),
        )
        return request


def _request_of(group: WorkingGroup, request_id) -> JoinRequest:
    try:
        return JoinRequest.objects.select_related("user").get(pk=int(request_id), group=group)
    except (JoinRequest.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("This request does not exist."), code="no_request") from None


def _lock_pending(request: JoinRequest) -> JoinRequest:
    request = JoinRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if not request.is_decidable:
        raise request.already_decided()
    return request


def join_request_approve(
    *, group: WorkingGroup, request_id, actor, answer: str = ""
) -> JoinRequest:
    with transaction.atomic():
        answer = (answer or "").strip()
        if len(answer) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("Keep it under %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH},
                code="too_long",
            )
        request = _request_of(group, request_id)
        _locked_engaged_membership(community=group.community, user=request.user)
        group = _locked_group(group)
        _check_open(group)
        request = _lock_pending(request)
        _add(group, request.user, actor=actor)
        decide(request, status=JoinRequest.Status.APPROVED, actor=actor, answer=answer)
        _notify_membership(group, request.user, actor=actor, change="approved", answer=answer)
        return request


def join_request_decline(*, group: WorkingGroup, request_id, actor, answer: str) -> JoinRequest:
    with transaction.atomic():
        answer = _text(
            answer, limit=TEXT_MAX_LENGTH, field="answer",
            required=_("Write a short answer: the member will read why."),
        )
        request = _request_of(group, request_id)
        group = _locked_group(group)
        request = _lock_pending(request)
        decide(request, status=JoinRequest.Status.DECLINED, actor=actor, answer=answer)
        _notify_membership(group, request.user, actor=actor, change="declined", answer=answer)
        return request
