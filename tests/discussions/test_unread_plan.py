"""Unread counts read each channel once, from the person's last read on, not
once per message of the channel's history (issue 14).

Joining the messages with GROUP BY made PostgreSQL run the last-read
subquery once per message of every visible channel. The plan, as PostgreSQL
ran it, must show every subquery run once per channel, and the messages read
only past the last-read one. Loop and row counts are exact: no time measured.
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


def test_unread_counts_run_once_per_channel_from_the_last_read(
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

    subplans = [n for n in nodes(plan) if n.get("Parent Relationship") == "SubPlan"]
    assert subplans and max(n["Actual Loops"] for n in subplans) == 2  # two channels
    scanned = [n for n in nodes(plan) if n.get("Relation Name") == "discussions_message"]
    # The messages read: the 2 unread of the general channel, the 40 of the other.
    assert sum(n["Actual Rows"] * n["Actual Loops"] for n in scanned) == 42
