"""What the gardener pairs hold about a person (see accounts/personal_data.py).

The holder keeps its first key, "gardeners": it names the section of the
export, which should not change because the model moved to `roles`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import personal_data

from .models import ContributorInvitation, ElectedOfficial
from .selectors import pairs_of_person


def export(person) -> dict:
    pairs = pairs_of_person(person).select_related("community").order_by("started_at", "pk")
    return {
        "gardener_pairs": [
            {
                "community": p.community.name,
                "role": (
                    _("territory gardener")
                    if p.territory_gardener_id == person.pk
                    else _("institution gardener")
                ),
                "since": p.started_at.isoformat(),
                "until": p.ended_at.isoformat() if p.ended_at else None,
            }
            for p in pairs
        ],
        "elected_office": [
            {"mandate": e.mandate, "communities": sorted(c.name for c in e.communities.all()),
             "since": e.created_at.isoformat()}
            for e in ElectedOfficial.objects.filter(person=person).prefetch_related("communities")
        ],
        "contributor_invitations": [
            {"community": i.community.name, "invited_on": i.created_at.isoformat(),
             "revoked_on": i.revoked_at.isoformat() if i.revoked_at else None}
            for i in ContributorInvitation.objects.filter(person=person)
            .select_related("community").order_by("created_at", "pk")
        ],
    }


def blocker(person) -> str | None:
    active = pairs_of_person(person).active().select_related("community").first()
    if active is None:
        return None
    return _(
        "You are a gardener of “%(community)s”: the cultivator must appoint another pair "
        "before your account can be erased."
    ) % {"community": active.community.name}


def erase(person) -> None:
    """Past pairs stay in the communities' history, held by "former member"."""
    former = personal_data.former_member()
    pairs_of_person(person).filter(territory_gardener=person).update(territory_gardener=former)
    pairs_of_person(person).filter(institution_gardener=person).update(institution_gardener=former)


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="gardeners",
            title=gettext_lazy("Gardener roles"),
            export=export,
            erase=erase,
            covers=(
                "roles.GardenerPair.territory_gardener",
                "roles.GardenerPair.institution_gardener", "roles.ElectedOfficial.person",
                "roles.ContributorInvitation.person",
            ),
            acts=(
                "roles.GardenerPair.appointed_by", "roles.ElectedOfficial.marked_by",
                "roles.ContributorInvitation.invited_by",
                "roles.ContributorInvitation.revoked_by",
            ),
            blocker=blocker,
            processings=(
                personal_data.Processing(
                    name=gettext_lazy("Gardener pairs"),
                    data=gettext_lazy("Who tends which community, and since when."),
                    purpose=gettext_lazy(
                        "Show each community its gardeners and give them their rights."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=gettext_lazy(
                        "As long as the community exists; a past pair is kept as "
                        "“former member” once the gardener's account is erased."
                    ),
                ),
                personal_data.Processing(
                    name=gettext_lazy("Elected officials and contributors"),
                    data=gettext_lazy(
                        "For an elected official: the mandate and the communities they are "
                        "linked to. For the cultivator: the communities whose pair invited "
                        "them to contribute."
                    ),
                    purpose=gettext_lazy(
                        "Show who meets in each community, invite elected officials to its "
                        "events, send them a monthly digest, and give a contributor access."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=gettext_lazy(
                        "While the mandate or the invitation lasts; erased with the account."
                    ),
                ),
            ),
        )
    )
