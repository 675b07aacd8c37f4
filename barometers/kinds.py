"""The notification kinds of barometer surveys (registered in BarometersConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    # To the people a wave targets, when it opens (barometers.services.waves_announce_due).
    Kind("barometer_wave_opened", _("A survey I am asked to answer opens"),
         Frequency.IMMEDIATELY, action=_("answer the survey")),
)


def register_kinds() -> None:
    register(*KINDS)
