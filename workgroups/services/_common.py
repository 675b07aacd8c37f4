"""What the working groups' services share: limits, checks, locks, notifications."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import Circle, Community, Membership
from discussions.models import Channel
from notifications import services as notifications

from ..models import WorkingGroup

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


def _data(group: WorkingGroup, **extra) -> dict:
    return {"group": group.name, "community": group.community.name, **extra}


def _notify_membership(group: WorkingGroup, user, *, actor, change: str, answer: str = "") -> None:
    notifications.notify(
        [user], "group_membership", actor=actor, community=group.community,
        url=group.get_absolute_url(), data=_data(group, change=change, answer=answer),
    )


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


def _clean_fields(*, name, goal, issue, ends_on, earliest_end: dt.date | None = None) -> dict:
    """The fields trimmed and checked, every error at once; an end date
    before `earliest_end` (when given) is refused."""
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
            errors.update(error.error_dict)
    if ends_on is not None and not isinstance(ends_on, dt.date):
        errors["ends_on"] = [ValidationError(_("Enter a valid date."), code="invalid")]
    elif ends_on is not None and earliest_end is not None and ends_on < earliest_end:
        errors["ends_on"] = [
            ValidationError(_("The end date cannot be in the past."), code="past")]
    cleaned["ends_on"] = ends_on
    if errors:
        raise ValidationError(errors)
    return cleaned
