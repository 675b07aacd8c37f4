"""The needs' panel on a community's home (communities/space.py)."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict:
    return {
        "items": selectors.community_block_items(community),
        "can_add": user.has_perm("needs.add_need", community),
        "can_board": user.has_perm("needs.view_board", community),
    }


def register() -> None:
    space.register(
        space.Panel(
            key="needs",
            label=_("Needs and proposals"),
            order=50,
            template="needs/panels/needs.html",
            context=_context,
            permission="needs.view_needs",
        )
    )
