"""The notification centre and the header's count cost the same queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_notifications

CENTRE = "/me/notifications/"


def notification_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]


@pytest.mark.parametrize("size", [5, 50])
def test_the_centre_costs_the_same_with_5_or_50_notifications(
    login, people, community, django_assert_num_queries, size
):
    member = people["engaged"]
    client = login(member)
    # Half unread, half with an actor and a community, so the joins have rows.
    make_notifications(member, size // 2 + size % 2, community=community, actor=people["gardener"])
    make_notifications(member, size // 2, read=True)
    client.get(CENTRE)  # warm up what is cached per process (content types...)
    with CaptureQueriesContext(connection) as small:
        response = client.get(CENTRE)
    assert len(response.context["notifications"]) == min(size, 20)
    # Of the notifications, whatever the size:
    #  1. the count of the pager  2. the page, with actor and community joined
    #  3. the unread count of the header (asked once, though the page shows it twice)
    assert len(notification_queries(small)) == 3, notification_queries(small)
    # and the whole page (session, user, navigation...) the same at the other size
    make_notifications(member, size * 3, community=community, actor=people["citizen"])
    with django_assert_num_queries(len(small)):
        assert client.get(CENTRE).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_the_header_count_is_one_query_on_any_page(login, people, size):
    member = people["engaged"]
    make_notifications(member, size)
    client = login(member)
    client.get("/communities/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/communities/").status_code == 200
    [count] = notification_queries(captured)
    assert "COUNT(" in count.upper()


def test_anonymous_pages_do_not_ask_for_notifications(client, db):
    client.get("/communities/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/communities/")
    assert notification_queries(captured) == []
