"""What the gardener pairs hold about a person (see accounts/personal_data.py).

The holder keeps its first key, "gardeners": it names the section of the
export, which should not change because the model moved to `roles`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import personal_data

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
        ]
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
            ),
        )
    )
