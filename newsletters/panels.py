"""The letters' panel on a community's home (communities/space.py)."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors

LETTERS_SHOWN = 3


def _context(community, user) -> dict:
    """The latest letters this person may read (public ones for everyone)."""
    return {
        "letters": list(selectors.archive(community, user)[:LETTERS_SHOWN]),
        "can_manage_letters": user.has_perm("newsletters.view_letters", community),
    }


def register() -> None:
    space.register(
        space.Panel(
            key="letters",
            label=_("Latest letters"),
            order=80,
            template="newsletters/panels/letters.html",
            context=_context,
            permission="newsletters.view_archive",
        )
    )
