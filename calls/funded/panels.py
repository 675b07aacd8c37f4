"""The "Funded projects" panel on a community's home (communities/space.py):
the funded projects linked to the community, one query; no panel without one."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict | None:
    projects = selectors.funded_in_community(community)
    if not projects:
        return None
    return {"funded_projects": projects}


def register() -> None:
    space.register(
        space.Panel(
            key="funded",
            label=_("Funded projects"),
            order=45,
            template="calls/funded/panel.html",
            context=_context,
        )
    )
