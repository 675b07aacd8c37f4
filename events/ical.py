"""iCalendar (RFC 5545) files and feeds, written with the `icalendar` library.

Each event keeps one UID for life and a SEQUENCE bumped on every change a
calendar shows (services.CALENDAR_FIELDS, publication, cancellation), so a
calendar that subscribed to a feed or imported the .ics updates the entry
in place instead of adding a second one. A cancelled event stays in the feeds
with STATUS:CANCELLED, which is how subscribed calendars learn about it.

Times are written in the event's own time zone with its VTIMEZONE, so a
calendar shows "10:00 Europe/Paris" wherever it is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.urls import reverse
from django.utils import timezone

from terreau import links

from .models import Event

PRODID = "-//Terreau//Events//FR"


def _absolute(path: str) -> str:
    return links.absolute(path)


def _vevent(event: Event, *, with_link: bool) -> icalendar.Event:
    tz = event.tz
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", (event.updated_at or timezone.now()).astimezone(dt.timezone.utc))
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(dt.timezone.utc))
    vevent.add("dtstart", event.starts_at.astimezone(tz))
    vevent.add("dtend", event.ends_at.astimezone(tz))
    vevent.add("summary", event.title)
    url = _absolute(event.get_absolute_url())
    description = event.description
    if with_link and event.has_link and event.online_url:
        description = f"{description}\n\n{event.online_url}"
    vevent.add("description", f"{description}\n\n{url}")
    vevent.add("url", url)
    location = []
    if event.has_place and event.address:
        location.append(" ".join(event.address.split()))
    if with_link and event.has_link and event.online_url:
        location.append(event.online_url)
    if location:
        vevent.add("location", " — ".join(location))
    if event.community_id:
        vevent.add("categories", [event.community.name])
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    with_link_for: set[int] | None = None,
    method: str | None = None,
) -> bytes:
    """One VCALENDAR. `with_link_for` lists the events whose online link the
    reader may see (they are registered); nobody else gets it."""
    with_link_for = with_link_for or set()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-published-ttl", "PT1H")
    years = []
    for event in events:
        cal.add_component(_vevent(event, with_link=event.pk in with_link_for))
        years.append(event.starts_at.year)
    if years:
        # Only the years the events need: a VTIMEZONE from 1970 is 10 kB.
        # Clamped: an event dated near year 1 or 9999 must not break the feed.
        cal.add_missing_timezones(
            first_date=dt.date(max(min(years) - 1, dt.MINYEAR), 1, 1),
            last_date=dt.date(min(max(years) + 2, dt.MAXYEAR), 1, 1),
        )
    return cal.to_ical()


def event_file(event: Event, *, with_link: bool = False) -> bytes:
    return calendar(
        [event], name=event.title, with_link_for={event.pk} if with_link else set(),
        method="PUBLISH",
    )


def event_ics_url(event: Event) -> str:
    return _absolute(reverse("events:ics", kwargs={"pk": event.pk}))
