"""The communities app's own panels on a community's home (communities/space.py).

Their data is already on the community: the circle counts and the active
pair come with the one lookup (selectors.community_space), so these panels
cost no query of their own.
"""

from django.utils.translation import gettext_lazy as _

from roles.selectors import elected_officials_of

from . import space


def _circles(community, user) -> dict:
    return {}


def _gardeners(community, user) -> dict:
    return {"pair": community.active_pair}


def _gardening(community, user) -> dict:
    return {}


def _meeting(community, user) -> dict | None:
    """Who meets here besides the members (file 004: "a meeting space between
    actors, elected officials and agents"): the pair and the elected officials
    linked to the community (one query; no panel without an elected official)."""
    officials = elected_officials_of(community)
    if not officials:
        return None  # the pair alone is the "Its gardeners" panel
    return {"pair": community.active_pair, "officials": officials}


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
            key="meeting",
            label=_("Who meets here"),
            order=35,
            template="communities/panels/meeting.html",
            context=_meeting,
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
