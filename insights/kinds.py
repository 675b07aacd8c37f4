"""The notification kind of the insights app (registered in InsightsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("elected_digest",
         _("The monthly digest of the communities I follow as an elected official"),
         Frequency.IMMEDIATELY, email="insights.emails.ElectedDigestEmail"),
)


def register_kinds() -> None:
    register(*KINDS)
