"""The notification kinds of discussions (registered in DiscussionsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

MUTED = "discussion_muted"

KINDS = (
    Kind("mention", _("Someone mentions me in a channel"), Frequency.IMMEDIATELY),
    # Immediately: it changes what the person may do now, and says why.
    Kind(MUTED, _("A gardener muted me in a community, or let me write again"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
