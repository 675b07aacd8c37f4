"""The notification kinds of needs and synergies (registered in NeedsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("need_step", _("My need or proposal moves forward"), Frequency.IMMEDIATELY),
    Kind("need_new", _("A need or proposal is submitted in a community I tend"),
         Frequency.DAILY),
    Kind("need_support", _("Someone says “me too” or offers help on an item"),
         Frequency.DAILY),
    Kind("need_connected", _("Gardeners put me in touch with someone"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
