"""Working groups: creating, updating, archiving."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communities.models import Circle, Community
from discussions import services as discussions
from terreau.decisions import decide
from terreau.slugs import save_under_free_slug

from ..models import JoinRequest, WorkingGroup
from ._common import (
    RESERVED_SLUGS,
    _check_open,
    _clean_fields,
    _free_channel_name,
    _locked_group,
    _notify_membership,
)

# --- Groups ---------------------------------------------------------------------------


def group_create(
    *, community: Community, actor, name: str, goal: str, issue: str, ends_on=None
) -> WorkingGroup:
    """A new group, with its own discussion channel (engaged circle, members only)."""
    with transaction.atomic():
        fields = _clean_fields(name=name, goal=goal, issue=issue, ends_on=ends_on,
                               earliest_end=timezone.localdate())
        channel = discussions.channel_create(
            community=community,
            name=_free_channel_name(community, fields["name"]),
            min_circle=Circle.ENGAGED,
            actor=actor,
        )
        group = WorkingGroup(
            community=community, channel=channel,
            created_by=actor, **fields,
        )
        return save_under_free_slug(
            group, fields["name"], queryset=WorkingGroup.objects.filter(community=community),
            max_length=100, fallback="group", reserved=RESERVED_SLUGS)


def group_update(
    *, group: WorkingGroup, actor, name: str, goal: str, issue: str, ends_on=None
) -> WorkingGroup:
    """Change what the group is about. Its address (slug) stays, so links keep working."""
    with transaction.atomic():
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


def group_archive(*, group: WorkingGroup, actor) -> WorkingGroup:
    """The group's work is over: it stays readable, its channel is archived, pending
    requests are answered."""
    with transaction.atomic():
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
            decide(request, status=JoinRequest.Status.DECLINED, actor=actor, answer=answer,
                   at=group.archived_at)
            _notify_membership(group, request.user, actor=actor, change="declined", answer=answer)
        if group.channel_id is not None and group.channel.archived_at is None:
            discussions.channel_archive(channel=group.channel, actor=actor)
        return group
