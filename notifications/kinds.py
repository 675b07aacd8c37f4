"""Every kind of notification, in one registry.

A kind says what happened ("your need got an answer"), how it reads in the
notification centre (a template rendered in the reader's language from the
notification's stored `data`), and how it reaches someone by e-mail unless
they chose otherwise (immediately, in the daily digest, or never).

Apps do not register kinds at import time: the list is here, so the
preferences page shows every kind a person may receive, in one order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("In a daily digest")
    NEVER = "never", _("Never (only in the notification centre)")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy: how the preferences page names it
    default: str = Frequency.IMMEDIATELY

    @property
    def template(self) -> str:
        """One line, rendered with the notification's data (notifications/kinds/<key>.html)."""
        return f"notifications/kinds/{self.key}.html"


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        # Discussions
        Kind("mention", _("Someone mentions me in a channel"), Frequency.IMMEDIATELY),
        # Needs and synergies (needs/)
        Kind("need_step", _("My need or proposal moves forward"), Frequency.IMMEDIATELY),
        Kind("need_new", _("A need or proposal is submitted in a community I tend"),
             Frequency.DAILY),
        Kind("need_support", _("Someone says “me too” or offers help on an item"),
             Frequency.DAILY),
        Kind("need_connected", _("Gardeners put me in touch with someone"),
             Frequency.IMMEDIATELY),
        # Working groups (workgroups/)
        Kind("group_membership", _("I join or leave a working group"), Frequency.IMMEDIATELY),
        Kind("group_join_request", _("An engaged member asks to join a working group I tend"),
             Frequency.IMMEDIATELY),
        Kind("group_decision", _("A working group I belong to records a decision"),
             Frequency.DAILY),
    ]
}


def get(key: str) -> Kind:
    return KINDS[key]
