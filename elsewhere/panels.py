"""The "participate elsewhere" panel on a community's home (communities/space.py)."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict | None:
    """The open tools (one query); hidden when there is none, except for the
    cultivator, who finds the link to manage them here."""
    tools = selectors.open_tools(community)
    can_manage = user.has_perm("elsewhere.manage_tools", community)
    if not tools and not can_manage:
        return None
    return {"external_tools": tools, "can_manage_tools": can_manage}


def register() -> None:
    space.register(
        space.Panel(
            key="elsewhere",
            label=_("Participate elsewhere"),
            order=90,
            template="elsewhere/panels/elsewhere.html",
            context=_context,
        )
    )
