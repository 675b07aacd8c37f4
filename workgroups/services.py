"""Every write to working groups, their members, join requests and decisions.

Services check the state of the data (is this person in the engaged circle?
still a member? is the request still pending? is the group archived?) and
raise ValidationError with a translated message; nothing is written then.
Who may call them is decided by rules.py, asked by the views.

Locks, always in this order so that two gardeners acting at once wait for
each other instead of deadlocking: the person's community membership, then
the group, then the group's member rows and requests. communities.services
holds the membership lock when it calls `memberships_end_outside_engaged`.

Side effects after commit only: notifications (rows in this transaction,
e-mail after commit, see notifications/services.py) and
`broadcast.membership_changed`, which closes sockets a person may no longer
hold on the group's channel.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from communities.discussions import broadcast
from communities.discussions import services as discussions
from communities.discussions.models import Channel
from communities.models import Circle, Community, Membership
from gardeners.models import GardenerPair
from notifications import services as notifications

from . import predicates
from .models import Decision, GroupMember, JoinRequest, WorkingGroup

TEXT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 120
ISSUE_MAX_LENGTH = 200
CHANNEL_NAME_MAX_LENGTH = 80
# Path words under /communities/<slug>/groups/ that a group slug would shadow.
RESERVED_SLUGS = frozenset({"new"})


# --- Checks ---------------------------------------------------------------------------


def _text(value, *, limit: int, required: str, field: str) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        raise ValidationError({field: ValidationError(required, code="required")})
    if len(value) > limit:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Keep it under %(limit)d characters.") % {"limit": limit},
                    code="too_long",
                )
            }
        )
    return value


def _check_open(group: WorkingGroup) -> None:
    if group.archived_at is not None:
        raise ValidationError(
            _("The working group “%(group)s” is archived; nothing was changed.")
            % {"group": group.name},
            code="archived",
        )


def _locked_group(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_for_update().select_related("community").get(pk=group.pk)


def _locked_engaged_membership(*, community: Community, user) -> Membership:
    """Lock the person's place in the community; refuse anyone outside the engaged circle."""
    membership = (
        Membership.objects.select_for_update().filter(community=community, user=user).first()
    )
    if membership is None or membership.circle != Circle.ENGAGED:
        raise ValidationError(
            _(
                "%(person)s is not in the engaged circle of %(community)s: only engaged "
                "members can belong to a working group."
            )
            % {"person": user, "community": community},
            code="not_engaged",
        )
    return membership


def _pair(community: Community) -> list:
    pair = (
        GardenerPair.objects.filter(community=community, ended_at__isnull=True)
        .select_related("territory_gardener", "institution_gardener")
        .first()
    )
    if pair is None:
        return []
    return [u for u in (pair.territory_gardener, pair.institution_gardener) if u is not None]


def _data(group: WorkingGroup, **extra) -> dict:
    return {"group": group.name, "community": group.community.name, **extra}


def _notify_membership(group: WorkingGroup, user, *, actor, change: str, answer: str = "") -> None:
    notifications.notify(
        [user], "group_membership", actor=actor, community=group.community,
        url=group.get_absolute_url(), data=_data(group, change=change, answer=answer),
    )


def _unique_slug(community: Community, name: str) -> str:
    base = slugify(name)[:100] or "group"
    slug, n = base, 2
    taken = set(
        WorkingGroup.objects.filter(community=community, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    while slug in RESERVED_SLUGS or slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _free_channel_name(community: Community, name: str, *, exclude_pk=None) -> str:
    """The group's name, or the first "name 2", "name 3"... no other channel uses."""
    base = name[: CHANNEL_NAME_MAX_LENGTH - 4].strip()
    taken = Channel.objects.filter(community=community, name__istartswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = {n.lower() for n in taken.values_list("name", flat=True)}
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base} {n}", n + 1
    return candidate


def _clean_fields(*, name, goal, issue, ends_on) -> dict:
    errors = {}
    cleaned = {}
    for field, value, limit, required in (
        ("name", name, NAME_MAX_LENGTH, _("Give the working group a name.")),
        ("goal", goal, TEXT_MAX_LENGTH, _("Say what the group sets out to do.")),
        ("issue", issue, ISSUE_MAX_LENGTH, _("Name the issue the group works on.")),
    ):
        try:
            cleaned[field] = _text(value, limit=limit, required=required, field=field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if ends_on is not None and not isinstance(ends_on, dt.date):
        errors["ends_on"] = [_("Enter a valid date.")]
    cleaned["ends_on"] = ends_on
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- Groups ---------------------------------------------------------------------------


@transaction.atomic
def group_create(
    *, community: Community, actor, name: str, goal: str, issue: str, ends_on=None
) -> WorkingGroup:
    """A new group, with its own discussion channel (engaged circle, members only)."""
    fields = _clean_fields(name=name, goal=goal, issue=issue, ends_on=ends_on)
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": [_("The end date cannot be in the past.")]})
    channel = discussions.channel_create(
        community=community,
        name=_free_channel_name(community, fields["name"]),
        min_circle=Circle.ENGAGED,
        actor=actor,
    )
    group = WorkingGroup(
        community=community, slug=_unique_slug(community, fields["name"]), channel=channel,
        created_by=actor, **fields,
    )
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:  # the same name created at the same moment
        group.slug = _unique_slug(community, f"{fields['name']} 2")
        group.save()
    return group


@transaction.atomic
def group_update(
    *, group: WorkingGroup, actor, name: str, goal: str, issue: str, ends_on=None
) -> WorkingGroup:
    """Change what the group is about. Its address (slug) stays, so links keep working."""
    fields = _clean_fields(name=name, goal=goal, issue=issue, ends_on=ends_on)
    group = _locked_group(group)
    _check_open(group)
    renamed = fields["name"] != group.name
    for field, value in fields.items():
        setattr(group, field, value)
    group.save(update_fields=list(fields))
    if renamed and group.channel_id is not None:
        channel = group.channel
        discussions.channel_update(
            channel=channel,
            name=_free_channel_name(group.community, fields["name"], exclude_pk=channel.pk),
            min_circle=channel.min_circle,
            actor=actor,
        )
    return group


@transaction.atomic
def group_archive(*, group: WorkingGroup, actor) -> WorkingGroup:
    """The group's work is over: it stays readable, its channel is archived, pending
    requests are answered."""
    group = _locked_group(group)
    _check_open(group)
    group.archived_at = timezone.now()
    group.save(update_fields=["archived_at"])
    pending = list(
        JoinRequest.objects.select_for_update().filter(
            group=group, status=JoinRequest.Status.PENDING
        ).select_related("user")
    )
    with translation.override(settings.LANGUAGE_CODE):
        answer = _("The working group was archived.")
    for request in pending:
        request.status = JoinRequest.Status.DECLINED
        request.answer = answer
        request.decided_by = actor
        request.decided_at = group.archived_at
        request.save(update_fields=["status", "answer", "decided_by", "decided_at"])
        _notify_membership(group, request.user, actor=actor, change="declined", answer=answer)
    if group.channel_id is not None and group.channel.archived_at is None:
        discussions.channel_archive(channel=group.channel, actor=actor)
    return group


# --- Members --------------------------------------------------------------------------


def _add(group: WorkingGroup, user, *, actor) -> GroupMember:
    try:
        with transaction.atomic():
            member = GroupMember.objects.create(group=group, user=user, added_by=actor)
    except IntegrityError:
        raise ValidationError(
            _("%(person)s is already a member of “%(group)s”.")
            % {"person": user, "group": group.name},
            code="already_member",
        ) from None
    predicates.forget(user)
    return member


@transaction.atomic
def member_add(*, group: WorkingGroup, user, actor) -> GroupMember:
    """The pair adds an engaged member; a pending request of theirs is answered by it."""
    _locked_engaged_membership(community=group.community, user=user)
    group = _locked_group(group)
    _check_open(group)
    member = _add(group, user, actor=actor)
    JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.APPROVED, decided_by=actor, decided_at=timezone.now())
    _notify_membership(group, user, actor=actor, change="added")
    return member


def _end(member: GroupMember, reason: str) -> None:
    member.ended_at = timezone.now()
    member.end_reason = reason
    member.save(update_fields=["ended_at", "end_reason"])
    predicates.forget(member.user)


def _locked_active_member(group: WorkingGroup, user) -> GroupMember:
    member = (
        GroupMember.objects.select_for_update()
        .filter(group=group, user=user, ended_at__isnull=True)
        .first()
    )
    if member is None:
        raise ValidationError(
            _("%(person)s is not a member of “%(group)s”.")
            % {"person": user, "group": group.name},
            code="not_member",
        )
    return member


@transaction.atomic
def member_remove(*, group: WorkingGroup, user, actor) -> GroupMember:
    """The pair removes a member; their sockets on the group's channel close."""
    group = _locked_group(group)
    _check_open(group)
    member = _locked_active_member(group, user)
    _end(member, GroupMember.EndReason.REMOVED)
    _notify_membership(group, user, actor=actor, change="removed")
    broadcast.membership_changed(group.community_id, user.pk)
    return member


@transaction.atomic
def group_leave(*, group: WorkingGroup, user) -> GroupMember:
    """A member leaves the group; the pair is told."""
    group = _locked_group(group)
    _check_open(group)
    member = _locked_active_member(group, user)
    _end(member, GroupMember.EndReason.LEFT)
    notifications.notify(
        _pair(group.community), "group_membership", actor=user, community=group.community,
        url=group.get_absolute_url(), data=_data(group, change="left", person=str(user)),
    )
    broadcast.membership_changed(group.community_id, user.pk)
    return member


@transaction.atomic
def memberships_end_outside_engaged(*, community: Community, user, actor=None) -> int:
    """Someone who is no longer in the engaged circle leaves every group of the community.

    Called explicitly by communities.services after a move, a removal or a
    departure (which hold the membership lock). A no-op for someone still
    engaged. Returns how many groups they left. The caller's
    `broadcast.membership_changed` closes their sockets on the groups' channels.
    """
    circle = (
        Membership.objects.filter(community=community, user=user)
        .values_list("circle", flat=True)
        .first()
    )
    if circle == Circle.ENGAGED:
        return 0
    members = list(
        GroupMember.objects.select_for_update(of=("self",))
        .filter(group__community=community, user=user, ended_at__isnull=True)
        .select_related("group__community")
    )
    now = timezone.now()
    for member in members:
        member.ended_at = now
        member.end_reason = GroupMember.EndReason.LEFT_CIRCLE
        member.save(update_fields=["ended_at", "end_reason"])
        if member.group.archived_at is None:
            _notify_membership(member.group, user, actor=actor, change="left_circle")
    JoinRequest.objects.filter(
        group__community=community, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=now, decided_by=actor)
    predicates.forget(user)
    return len(members)


# --- Join requests ----------------------------------------------------------------------


@transaction.atomic
def join_request_create(*, group: WorkingGroup, user, message: str) -> JoinRequest:
    """An engaged member asks to join; the pair is notified."""
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
        _pair(group.community), "group_join_request", actor=user, community=group.community,
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
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(
            _("This request was already %(status)s; nothing was changed.")
            % {"status": request.get_status_display()},
            code="not_pending",
        )
    return request


@transaction.atomic
def join_request_approve(
    *, group: WorkingGroup, request_id, actor, answer: str = ""
) -> JoinRequest:
    answer = (answer or "").strip()
    if len(answer) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH}, code="too_long"
        )
    request = _request_of(group, request_id)
    _locked_engaged_membership(community=group.community, user=request.user)
    group = _locked_group(group)
    _check_open(group)
    request = _lock_pending(request)
    _add(group, request.user, actor=actor)
    request.status = JoinRequest.Status.APPROVED
    request.answer = answer
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    _notify_membership(group, request.user, actor=actor, change="approved", answer=answer)
    return request


@transaction.atomic
def join_request_decline(*, group: WorkingGroup, request_id, actor, answer: str) -> JoinRequest:
    answer = _text(
        answer, limit=TEXT_MAX_LENGTH, field="answer",
        required=_("Write a short answer: the member will read why."),
    )
    request = _request_of(group, request_id)
    group = _locked_group(group)
    request = _lock_pending(request)
    request.status = JoinRequest.Status.DECLINED
    request.answer = answer
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    _notify_membership(group, request.user, actor=actor, change="declined", answer=answer)
    return request


# --- Decisions --------------------------------------------------------------------------


@transaction.atomic
def decision_record(*, group: WorkingGroup, actor, text: str, decided_on) -> Decision:
    """A line in the group's decision log; the group's members are told."""
    text = _text(
        text, limit=TEXT_MAX_LENGTH, field="text", required=_("Write the decision.")
    )
    if not isinstance(decided_on, dt.date):
        raise ValidationError({"decided_on": [_("Enter a valid date.")]})
    if decided_on > timezone.localdate():
        raise ValidationError(
            {"decided_on": [_("A decision is recorded once it is taken: the date cannot be in the future.")]}
        )
    group = _locked_group(group)
    _check_open(group)
    decision = Decision.objects.create(
        group=group, text=text, decided_on=decided_on, recorded_by=actor
    )
    members = [
        m.user
        for m in GroupMember.objects.filter(group=group, ended_at__isnull=True).select_related(
            "user"
        )
    ]
    notifications.notify(
        members, "group_decision", actor=actor, community=group.community,
        url=group.get_absolute_url() + "#decisions",
        data=_data(group, decision=text[:300], decided_on=decided_on.isoformat()),
    )
    return decision
