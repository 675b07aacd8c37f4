"""Joining a channel with 200,000 messages loads the last page in one indexed
query (issue 14, item 4).

The latest page is one query when none of its messages mentions anyone: the
messages with their authors, each with an EXISTS of its mentions in the same
statement; the mentions are fetched (a second query) only for the messages
that have some. The plan, as PostgreSQL ran it on 200,000 rows of one
channel, must read at most `limit + 1` messages from an index, with no sort
and no sequential scan. Row counts are exact: no time measured.

(Before: two queries, the page and a prefetch of its mentions, whatever the
page held.)
"""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import selectors
from discussions.formatting import message_payload
from discussions.models import Channel, Message
from discussions.services import unread

SIZE = 200_000


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


def insert_many(channel, author, n) -> None:
    """n messages in one statement, numbered as the channel's next n changes."""
    start = Channel.objects.values_list("last_seq", flat=True).get(pk=channel.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO discussions_message"
            " (channel_id, author_id, body, created_at, hidden_reason, seq)"
            " SELECT %s, %s, 'message ' || g, now(), '', %s + g"
            " FROM generate_series(1, %s) AS g",
            [channel.pk, author.pk, start, n],
        )
        cursor.execute("ANALYZE discussions_message")
    Channel.objects.filter(pk=channel.pk).update(last_seq=start + n)
    unread.recount(channel_ids=[channel.pk])


def explain(sql: str) -> dict:
    with connection.cursor() as cursor:
        # The mentions table is empty here: plan it as at size (as
        # test_unread_plan.py does); the 200,000 messages need no such help.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (explained,) = cursor.fetchone()
    return (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]


def test_latest_page_of_200000_messages_is_one_indexed_query(postgres, general, people):
    author = people["engaged"]
    insert_many(general, author, SIZE)
    last = list(
        Message.objects.filter(channel=general).order_by("-id").values_list("id", flat=True)[:50]
    )[::-1]

    with CaptureQueriesContext(connection) as captured:
        page = selectors.channel_history(channel=general)
        # What the channel page renders of each message reads nothing more.
        payloads = [message_payload(m) for m in page.messages]
    assert len(captured.captured_queries) == 1, [q["sql"] for q in captured.captured_queries]

    assert [m.pk for m in page.messages] == last
    assert [p["body"] for p in payloads] == [f"message {i}" for i in range(SIZE - 49, SIZE + 1)]
    assert payloads[-1]["author"] == str(author)
    assert page.has_older and not page.has_newer

    plan = explain(captured.captured_queries[0]["sql"])
    types = [n["Node Type"] for n in nodes(plan)]
    assert "Sort" not in types and "Seq Scan" not in types, types
    (scan,) = [n for n in nodes(plan) if n.get("Relation Name") == "discussions_message"]
    assert "Index" in scan["Node Type"], scan["Node Type"]
    assert scan["Actual Rows"] * scan["Actual Loops"] <= 51


def test_a_mention_on_the_latest_page_costs_one_more_query(
    postgres, general, people, make_message
):
    insert_many(general, people["engaged"], 120)
    message = make_message(general, people["engaged"], body="Merci @citizen !")
    message.mentions.create(user=people["citizen"])
    make_message(general, people["engaged"], body="after")

    # 1. the page with its authors and whether each mentions anyone,
    # 2. the mentions (with their people) of the one message that has some.
    with CaptureQueriesContext(connection) as captured:
        page = selectors.channel_history(channel=general)
        payloads = {m.pk: message_payload(m) for m in page.messages}
    assert len(captured.captured_queries) == 2, [q["sql"] for q in captured.captured_queries]

    assert page.messages[-2].pk == message.pk and len(page.messages) == 50
    assert '<mark class="mention">' in payloads[message.pk]["html"]
    assert "<mark" not in payloads[page.messages[-1].pk]["html"]
