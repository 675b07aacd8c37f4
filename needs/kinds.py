"""The notification kinds of needs and synergies (registered in NeedsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("need_step", _("My need or proposal moves forward"), Frequency.IMMEDIATELY),
    Kind("need_new", _("A need or proposal is submitted in a community I tend"),
         Frequency.DAILY, action=_("take up the new item")),
    Kind("need_support", _("Someone says “me too” or offers help on an item"),
         Frequency.DAILY),
    Kind("need_connected", _("Gardeners put me in touch with someone"),
         Frequency.IMMEDIATELY),
    # Issue #16: new items reach the territory gardener first, at once (the
    # institution gardener keeps `need_new`, in the daily digest).
    Kind("need_new_first", _("A need or proposal is submitted in a community where I am the "
                             "territory gardener"), Frequency.IMMEDIATELY,
         action=_("take up the new item")),
    Kind("need_relayed", _("My need or proposal is relayed to a direction of the institution"),
         Frequency.IMMEDIATELY),
    Kind("need_direction_answered", _("A direction answers a need or proposal of mine"),
         Frequency.IMMEDIATELY),
    # The direction answers in the app: its agents are told a relay arrived;
    # the pair is told the answer (the author has `need_direction_answered`).
    Kind("need_relay_arrived", _("A need or proposal is relayed to my direction and waits for "
                                 "its answer"), Frequency.IMMEDIATELY,
         action=_("answer for your direction")),
    Kind("need_direction_answered_pair", _("A direction answers a need or proposal relayed from "
                                           "a community I tend"), Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
