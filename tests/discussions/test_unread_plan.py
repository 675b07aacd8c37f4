"""Unread counts read no message at all, however long the history (issue 14,
item 4): each channel's count of shown messages minus the person's seen
count, one lookup of their read state per channel.

(Before: one correlated count per channel over the messages after the
person's last read; before that, every message of every visible channel
joined and grouped.) The plan, as PostgreSQL ran it, must show no scan of
the messages and the read state looked up once per channel. Loop and row
counts are exact: no time measured.
"""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import selectors, services
from tests.discussions.test_selectors import fill


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def test_unread_counts_read_no_message_and_each_read_state_once(
    postgres, community, general, informed_channel, people
):
    reader, author = people["informed"], people["engaged"]
    ids = fill(general, author, 60)
    fill(informed_channel, author, 40)
    services.read_mark(channel=general, user=reader, message_id=ids[-3])

    with CaptureQueriesContext(connection) as captured:
        counts = {c.name: c.unread for c in selectors.channels_with_unread(user=reader, community=community)}
    assert counts == {general.name: 2, informed_channel.name: 40}

    (query,) = [q["sql"] for q in captured.captured_queries if '"discussions_channel"."id"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: plan as at size
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query)
        (explained,) = cursor.fetchone()
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]

    relations = {n.get("Relation Name") for n in nodes(plan)} - {None}
    assert "discussions_message" not in relations
    states = [n for n in nodes(plan) if n.get("Relation Name") == "discussions_readstate"]
    # One lookup per channel, on the (user, channel) unique index.
    assert states and sum(n["Actual Loops"] for n in states) == 2
    assert all("Index" in n["Node Type"] for n in states)
