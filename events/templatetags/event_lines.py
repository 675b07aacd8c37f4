"""The notification-centre lines of events that need more than a template.

A line is rendered when it is read, in the reader's language, from the
notification's stored `data` (notifications/rendering.py): here, the dates
of a changed event, which the template cannot turn from text into a date.
"""

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from ..emails import when_text
from ..models import Event

register = template.Library()


def _when(data: dict) -> str:
    try:
        return when_text(dt.datetime.fromisoformat(data["starts_at"]),
                         dt.datetime.fromisoformat(data["ends_at"]), data["time_zone"])
    except (KeyError, TypeError, ValueError):
        return ""  # a line written before the dates were stored, or broken data


@register.simple_tag
def event_changed_line(data: dict) -> str:
    """ "New date for “Fête des semis”: Sunday 16 May 2027, 10:00 – 12:00
    (Europe/Paris)." or "New place for …: 3 rue …", in the active language; the
    general line when the data says no more (a notification of an earlier version)."""
    event, changed, when = data.get("event", ""), data.get("changed"), _when(data)
    if changed == "date" and when:
        return _("New date for “%(event)s”: %(when)s.") % {"event": event, "when": when}
    if changed == "both" and when:
        return _("New date for “%(event)s”: %(when)s. Its place changes too.") % {
            "event": event, "when": when}
    if changed == "place":
        address = data.get("address")
        if data.get("format") in Event.Format.values:
            values = {"event": event, "format": Event.Format(data["format"]).label,
                      "address": address}
            if address:
                return _("“%(event)s” is now %(format)s: %(address)s.") % values
            return _("“%(event)s” is now %(format)s.") % values
        if address:
            return _("New place for “%(event)s”: %(address)s.") % {
                "event": event, "address": address}
        return _("“%(event)s” has a new online link.") % {"event": event}
    return _("The date or the place of “%(event)s” changed.") % {"event": event}
