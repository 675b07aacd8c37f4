"""Appointing and replacing gardener pairs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import predicates as community_predicates
from communities.models import Community, Direction

from .models import GardenerPair


@transaction.atomic
def pair_appoint(
    *,
    community: Community,
    territory_gardener=None,
    institution_gardener=None,
    direction: Direction | None = None,
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
    # Lock the community row so two cultivators appointing at once serialise.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    now = timezone.now()
    GardenerPair.objects.filter(community=community, ended_at__isnull=True).update(ended_at=now)
    pair = GardenerPair.objects.create(
        community=community,
        territory_gardener=territory_gardener,
        institution_gardener=institution_gardener,
        direction=direction if institution_gardener is not None else None,
        appointed_by=actor,
    )
    for person in (territory_gardener, institution_gardener, actor):
        if person is not None:
            community_predicates.forget(person)
    return pair


@transaction.atomic
def pair_end(*, community: Community, actor) -> int:
    """End the active pair without replacing it: both roles become vacant."""
    # Same lock as pair_appoint: ending and appointing at once must not interleave.
    Community.objects.select_for_update().filter(pk=community.pk).first()
    ended = GardenerPair.objects.filter(community=community, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    if not ended:
        raise ValidationError(
            _("%(community)s has no active pair to end.") % {"community": community},
            code="no_active_pair",
        )
    community_predicates.forget(actor)
    return ended
