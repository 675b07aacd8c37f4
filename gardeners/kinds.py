"""The notification kinds of the gardeners app (registered in GardenersConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

# A note in a community's coaching thread, to the other side (pair or cultivator).
COACHING_NOTE = "coaching_note"

KINDS = (
    Kind(COACHING_NOTE, _("A new note in a coaching thread between a pair and the cultivator"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
