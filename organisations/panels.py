"""The "Organisations here" panel on a community's home (communities/space.py):
the organisations linked to the community by their admins, one query; no
panel without one. Public, like the organisations' profiles. The same
organisations, when they have a place, are on the community directory's map
(terreau/maps.py's hook)."""

from django.utils.translation import gettext_lazy as _

from communities import space
from terreau import maps

from . import selectors


def _context(community, user) -> dict | None:
    organisations = list(selectors.organisations_in(community))
    if not organisations:
        return None
    return {"linked_organisations": organisations}


def _markers(community, *, q: str = "", territory: str = "", **_filters) -> list[dict]:
    # The directory's other filters (a person's skills or interests) say
    # nothing of an organisation: with one of them set, none is shown.
    if _filters.get("skill") or _filters.get("interest"):
        return []
    return [
        {
            "kind": "organisation",
            "name": organisation.name,
            "organisation": organisation.get_kind_display(),
            "territory": organisation.territory,
            "url": organisation.get_absolute_url(),
            "lat": float(organisation.latitude),
            "lng": float(organisation.longitude),
        }
        for organisation in selectors.located_in(community, q=q, territory=territory)
    ]


def register() -> None:
    maps.register_markers("directory", _markers)
    space.register(
        space.Panel(
            key="organisations",
            label=_("Organisations here"),
            order=47,
            template="organisations/panels/organisations.html",
            context=_context,
        )
    )
