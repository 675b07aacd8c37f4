"""The notification kinds of moderation (registered in ModerationConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

CASE_OPENED = "moderation_case_opened"

KINDS = (
    # Immediately by default: a report may be harassment or someone's personal
    # information in a live channel, which should not wait for tomorrow's
    # digest; once per case (not per report) keeps it rare.
    Kind(CASE_OPENED, _("Someone reported something in a community I tend"),
         Frequency.IMMEDIATELY, action=_("decide on the report")),
    Kind("moderation_outcome", _("The gardeners decided on something I reported"),
         Frequency.IMMEDIATELY),
    Kind("moderation_decision", _("The gardeners hid what I wrote, or warned me about it"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
