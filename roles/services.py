"""Appointing and ending gardener pairs: the only writes of a role here.

Both tell the derived stores (`roles.changes`) who gained or lost the role,
in the same transaction, and forget the cached roles of the person acting.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit

from .cache import forget
from .changes import roles_changed
from .models import GardenerPair


def _lock(community) -> None:
    # Lock the community row so two cultivators appointing (or ending) at once
    # serialise. Through the instance's own class: this ground floor imports
    # no app above it.
    type(community)._default_manager.select_for_update().filter(pk=community.pk).first()


def _end_active(community, now) -> tuple[int, list]:
    """End the community's active pair: (pairs ended, the people who held it)."""
    ending = list(
        GardenerPair.objects.active()
        .filter(community=community)
        .select_related("territory_gardener", "institution_gardener")
    )
    if ending:
        GardenerPair.objects.filter(pk__in=[p.pk for p in ending]).update(ended_at=now)
    return len(ending), [person for pair in ending for person in pair.gardeners()]


def pair_appoint(
    *,
    community,
    territory_gardener=None,
    institution_gardener=None,
    direction=None,
    actor,
) -> GardenerPair:
    """Replace the community's active pair (if any) by a new one.

    The previous pair is ended, not deleted: it stays in the history. A role
    may be left vacant; the community page says so.
    """
    if territory_gardener is None and institution_gardener is None:
        raise ValidationError(_("Appoint at least one of the two gardeners."), code="empty_pair")
    if (
        territory_gardener is not None
        and institution_gardener is not None
        and territory_gardener.pk == institution_gardener.pk
    ):
        raise ValidationError(
            _("The two gardeners of a pair must be two different people."), code="same_person"
        )
    if institution_gardener is not None:
        if direction is None:
            raise ValidationError(
                _("Choose the direction the institution gardener comes from."),
                code="direction_required",
            )
        if not direction.staff.filter(pk=institution_gardener.pk).exists():
            raise ValidationError(
                _("%(person)s is not an agent of %(direction)s.")
                % {"person": institution_gardener, "direction": direction},
                code="not_agent",
            )
    with transaction.atomic():
        _lock(community)
        now = timezone.now()
        former = _end_active(community, now)[1]
        pair = GardenerPair.objects.create(
            community=community,
            territory_gardener=territory_gardener,
            institution_gardener=institution_gardener,
            direction=direction if institution_gardener is not None else None,
            appointed_by=actor,
        )
        roles_changed([*former, territory_gardener, institution_gardener])
        audit.record(
            audit.Action.PAIR_APPOINTED, actor=actor, community_id=community.pk, target=pair,
            details={
                "territory_gardener": territory_gardener.pk if territory_gardener else None,
                "institution_gardener": institution_gardener.pk if institution_gardener else None,
            },
        )
        forget(actor)  # the page that follows shows what changed
    return pair


def pair_end(*, community, actor) -> int:
    """End the active pair without replacing it: both roles become vacant."""
    with transaction.atomic():
        _lock(community)
        ended, former = _end_active(community, timezone.now())
        if not ended:
            raise ValidationError(
                _("%(community)s has no active pair to end.") % {"community": community},
                code="no_active_pair",
            )
        roles_changed(former)
        audit.record(
            audit.Action.PAIR_ENDED, actor=actor, community_id=community.pk, target=community,
            target_label=community.name,
        )
        forget(actor)
    return ended
