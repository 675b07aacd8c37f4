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
from .models import ContributorInvitation, ElectedOfficial, GardenerPair
from .predicates import is_cultivator


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


# --- The cultivator invited as a contributor (issue #16) ---------------------------


def contributor_invite(*, community, person, actor) -> ContributorInvitation:
    """The pair invites a cultivator to write with them: letters, settings,
    story, members of this community, until the pair revokes it."""
    if not is_cultivator(person):
        raise ValidationError(
            _("Only the cultivator can be invited as a contributor."), code="not_cultivator"
        )
    with transaction.atomic():
        _lock(community)
        if ContributorInvitation.objects.active().filter(
            community=community, person=person
        ).exists():
            raise ValidationError(
                _("%(person)s is already a contributor of this community.") % {"person": person},
                code="already_invited",
            )
        invitation = ContributorInvitation.objects.create(
            community=community, person=person, invited_by=actor
        )
        forget(person)  # no derived store follows these roles: the cache only
        audit.record(
            audit.Action.CONTRIBUTOR_INVITED, actor=actor, community_id=community.pk,
            target=person,
        )
    return invitation


def contributor_revoke(*, invitation: ContributorInvitation, actor) -> ContributorInvitation:
    """The pair takes the invitation back: the cultivator is a coach again here."""
    with transaction.atomic():
        invitation = ContributorInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None:
            raise ValidationError(
                _("This invitation was already revoked."), code="already_revoked"
            )
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = actor
        invitation.save(update_fields=["revoked_at", "revoked_by"])
        forget(invitation.person)
        audit.record(
            audit.Action.CONTRIBUTOR_REVOKED, actor=actor, community_id=invitation.community_id,
            target=invitation.person,
        )
    return invitation


# --- Elected officials (issue #16) ------------------------------------------------------


def elected_mark(*, person, communities, mandate: str = "", actor) -> ElectedOfficial:
    """Mark `person` as an elected official linked to `communities` (or
    change their communities and mandate). At least one community."""
    communities = list(communities)
    if not communities:
        raise ValidationError(
            _("Link the elected official to at least one community."), code="no_community"
        )
    with transaction.atomic():
        official, _created = ElectedOfficial.objects.select_for_update().get_or_create(
            person=person, defaults={"marked_by": actor, "mandate": mandate}
        )
        if official.mandate != mandate:
            official.mandate = mandate
            official.save(update_fields=["mandate"])
        official.communities.set(communities)
        forget(person)  # no derived store follows these roles: the cache only
        audit.record(
            audit.Action.ELECTED_MARKED, actor=actor, target=person,
            details={"communities": sorted(c.pk for c in communities)},
        )
    return official


def elected_unmark(*, person, actor) -> int:
    """The person is no longer an elected official here."""
    with transaction.atomic():
        deleted, _rows = ElectedOfficial.objects.filter(person=person).delete()
        if not deleted:
            raise ValidationError(
                _("%(person)s is not marked as an elected official.") % {"person": person},
                code="not_elected",
            )
        forget(person)  # no derived store follows these roles: the cache only
        audit.record(audit.Action.ELECTED_MARKED, actor=actor, target=person,
                     details={"communities": []})
    return deleted


def elected_digest_claim(*, official_id: int, month) -> bool:
    """Claim the digest of `month` (its first day) for this official: True
    once per official and month, whoever asks and however often (one
    conditional UPDATE, so two workers cannot both claim it)."""
    from django.db.models import Q

    return bool(
        ElectedOfficial.objects.filter(pk=official_id)
        .filter(Q(last_digest_month__isnull=True) | Q(last_digest_month__lt=month))
        .update(last_digest_month=month)
    )
