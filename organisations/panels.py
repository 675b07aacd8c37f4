"""The "Organisations here" panel on a community's home (communities/space.py):
the organisations linked to the community by their admins, one query; no
panel without one. Public, like the organisations' profiles."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict | None:
    organisations = list(selectors.organisations_in(community))
    if not organisations:
        return None
    return {"linked_organisations": organisations}


def register() -> None:
    space.register(
        space.Panel(
            key="organisations",
            label=_("Organisations here"),
            order=47,
            template="organisations/panels/organisations.html",
            context=_context,
        )
    )
