"""The working groups' panel on a community's home (communities/space.py)."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict:
    return {
        "groups": selectors.community_groups(community=community).active,
        "can_add_group": user.has_perm("workgroups.add_group", community),
    }


def register() -> None:
    space.register(
        space.Panel(
            key="groups",
            label=_("Working groups"),
            order=60,
            template="workgroups/panels/groups.html",
            context=_context,
            permission="workgroups.view_groups",
        )
    )
