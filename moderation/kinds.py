"""The notification kinds of moderation (registered in ModerationConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("moderation_outcome", _("The gardeners decided on something I reported"),
         Frequency.IMMEDIATELY),
    Kind("moderation_decision", _("The gardeners hid what I wrote, or warned me about it"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
