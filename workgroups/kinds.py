"""The notification kinds of working groups (registered in WorkgroupsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("group_membership", _("I join or leave a working group"), Frequency.IMMEDIATELY),
    Kind("group_join_request", _("An engaged member asks to join a working group I tend"),
         Frequency.IMMEDIATELY, action=_("answer the request to join")),
    Kind("group_decision", _("A working group I belong to records a decision"),
         Frequency.DAILY),
)


def register_kinds() -> None:
    register(*KINDS)
