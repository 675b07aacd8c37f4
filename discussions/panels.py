"""The channels' panel on a community's home (communities/space.py)."""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict:
    channels = selectors.channels_with_unread(user=user, community=community)
    return {"channels": [channel for channel in channels if channel.archived_at is None]}


def register() -> None:
    space.register(
        space.Panel(
            key="channels",
            label=_("Channels"),
            order=70,
            template="discussions/panels/channels.html",
            context=_context,
            permission="discussions.view_channels",
        )
    )
