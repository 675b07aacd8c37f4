"""The communities app's own panels on a community's home (communities/space.py).

Their data is already on the community: the circle counts and the active
pair come with the one lookup (selectors.community_space), so these panels
cost no query of their own.
"""

from django.utils.translation import gettext_lazy as _

from . import space


def _circles(community, user) -> dict:
    return {}


def _gardeners(community, user) -> dict:
    return {"pair": community.active_pair}


def _gardening(community, user) -> dict:
    return {}


def register() -> None:
    space.register(
        space.Panel(
            key="circles",
            label=_("Its three circles"),
            order=20,
            template="communities/panels/circles.html",
            context=_circles,
        )
    )
    space.register(
        space.Panel(
            key="gardeners",
            label=_("Its gardeners"),
            order=30,
            template="communities/panels/gardeners.html",
            context=_gardeners,
        )
    )
    space.register(
        space.Panel(
            key="gardening",
            label=_("Gardening"),
            order=1000,
            template="communities/panels/gardening.html",
            context=_gardening,
            permission="communities.view_members",
        )
    )
