"""The notification kinds of discussions (registered in DiscussionsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("mention", _("Someone mentions me in a channel"), Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
