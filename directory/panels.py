"""The directory's panel on a community's home (communities/space.py).

Shown to everyone: someone who may not see the directory reads what it is
and how to get in, without the count.
"""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict:
    """Two queries at most (the count and the viewer's entry) besides the
    predicates' cached ones; none of them for someone who may not see it."""
    can_view = user.has_perm("directory.view_directory", community)
    can_list = user.has_perm("directory.list_self", community)
    return {
        "can_view": can_view,
        "can_list": can_list,
        "count": selectors.listed_count(community) if can_view else 0,
        "entry": selectors.entry_of(user, community) if can_list else None,
    }


def register() -> None:
    space.register(
        space.Panel(
            key="directory",
            label=_("Actor directory"),
            order=90,
            template="directory/panels/directory.html",
            context=_context,
        )
    )
