"""The list, the board and the item page cost the same number of queries
whatever the number of items, supports and steps: measured at two sizes and
pinned (the counts are listed in comments)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Circle
from needs import services

from .conftest import make_need, member

pytestmark = pytest.mark.django_db


def fill(community, people, author, *, items, start=0):
    helpers = [member(community, Circle.ENGAGED) for _ in range(2)]
    made = []
    for n in range(start, start + items):
        need = make_need(community, author, title=f"Besoin {n}", tags=[f"tag{n % 3}", "commun"])
        for helper in helpers:
            services.support_add(need=need, user=helper, kind="can_help", contact_consent=True)
        if n % 2:
            services.need_move(need=need, actor=people["gardener"], to_status="discussed",
                               answer=f"Réponse {n}")
        made.append(need)
    return made


def count_queries(client, path):
    client.get(path)  # warm what every page caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries), response


LIST_QUERIES = 13
BOARD_QUERIES = 7
DETAIL_QUERIES = 14  # 13: the item's relay to a direction (issue #16); 14: its referrals
# to processes (the processes' block of needs/next_steps.py, issue #17)


def test_list_costs_the_same_with_3_or_30_items(client, community, people, author):
    """13 queries: session, user, the person's circles, gardened communities and
    cultivator check, the community, the unread count, the filter's tags, the
    paginator's count, the page of items with their counts and last answer,
    their tags, and what base.html reads."""
    path = reverse("needs:list", kwargs={"slug": community.slug})
    client.force_login(people["engaged"])
    fill(community, people, author, items=3, start=0)
    small, response = count_queries(client, path)
    assert response.content.decode().count('class="card need-card"') == 3
    fill(community, people, author, items=27, start=3)
    large, response = count_queries(client, path)
    assert response.content.decode().count('class="card need-card"') == 20  # one page
    assert small == large == LIST_QUERIES, (small, large)


def test_board_costs_the_same_with_3_or_30_items(client, community, people, author):
    """7 queries: session, user, the gardener's gardens, the community, the
    unread count, the items with their counts and last answer, their tags."""
    path = reverse("needs:board", kwargs={"slug": community.slug})
    client.force_login(people["gardener"])
    fill(community, people, author, items=3, start=0)
    small, response = count_queries(client, path)
    assert response.content.decode().count("Besoin ") == 3
    fill(community, people, author, items=27, start=3)
    large, response = count_queries(client, path)
    assert response.content.decode().count("Besoin ") == 30
    assert small == large == BOARD_QUERIES, (small, large)


def test_item_page_costs_the_same_with_few_or_many_supports(client, community, people, author):
    need = fill(community, people, author, items=1)[0]
    client.force_login(people["gardener"])
    small, _response = count_queries(client, need.get_absolute_url())
    for _ in range(10):
        services.support_add(need=need, user=member(community), kind="me_too",
                             contact_consent=True)
    large, response = count_queries(client, need.get_absolute_url())
    assert "10 people say “me too”." in response.content.decode()
    assert small == large == DETAIL_QUERIES, (small, large)
