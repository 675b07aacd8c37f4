"""Where a group's next meeting comes from (workgroups/meetings.py): the apps
that hold meetings register a source; the group page shows the earliest."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from workgroups import meetings
from workgroups.meetings import MeetingSources


class Meeting:
    def __init__(self, title, day):
        self.title = title
        self.starts_at = dt.datetime(2030, 1, day, 18, tzinfo=dt.UTC)

    def get_absolute_url(self):
        return f"/meetings/{self.title}/"


def test_events_registers_its_source_in_ready():
    assert "events.next_group_meeting" in meetings.sources.names()


def test_registering_a_source_twice_is_an_error():
    sources = MeetingSources()
    sources.register(lambda group: None, name="app.source")

    with pytest.raises(ImproperlyConfigured, match="already registered"):
        sources.register(lambda group: None, name="app.source")


def test_the_earliest_meeting_of_every_source_is_the_next_one():
    sources = MeetingSources()
    sources.register(lambda group: Meeting("later", 9), name="app.later")
    sources.register(lambda group: None, name="app.none")
    sources.register(lambda group: Meeting("sooner", 3), name="app.sooner")

    assert sources.next_meeting(group=None).title == "sooner"
    assert MeetingSources().next_meeting(group=None) is None
