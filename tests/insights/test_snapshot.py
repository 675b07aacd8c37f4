"""The cultivator overview is read from a snapshot at most ten minutes old.

The beat reads every community's figures every five minutes
(insights/snapshots.py); the page sorts them, says when they were read, and
"Refresh now" reads them again. A snapshot past its age, or a cache that
fails, and the page reads the figures itself.
"""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities.models import Circle
from insights import snapshots, tasks
from tests.factories import CommunityFactory, MembershipFactory

from .test_queries import OVERVIEW_QUERIES, cultivator_client  # noqa: F401 (a fixture)

OVERVIEW = reverse("insights:overview")
# The same page from the snapshot: no query for the figures (4 to 7 above).
FROM_SNAPSHOT_QUERIES = OVERVIEW_QUERIES - 4


def totals(response) -> dict:
    return {c.name: c.total for c in response.context["communities"]}


ROWS = "insights/_overview_rows.html"


def row_total(response) -> int:
    """The "Total" cell of the garden's row, as the page shows it."""
    row = re.search(r"Jardins partagés</a></th>(.*?)</tr>", response.content.decode(), re.DOTALL)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.DOTALL)
    return int(cells[4])  # direction, citizens, informed, engaged, total


def rendered_rows(response) -> bool:
    return ROWS in [template.name for template in response.templates]


@pytest.fixture
def garden(db):
    community = CommunityFactory(name="Jardins partagés")
    MembershipFactory(community=community, circle=Circle.ENGAGED)
    return community


def age(minutes: float) -> None:
    """Make the stored snapshot as old as that."""
    stored = cache.get(snapshots.KEY)
    stored = type(stored)(**{**stored.__dict__, "taken_at": timezone.now() - timedelta(minutes=minutes)})
    cache.set(snapshots.KEY, stored)


def test_a_second_look_reads_the_snapshot_not_the_database(
    cultivator_client, garden, django_assert_num_queries  # noqa: F811
):
    cultivator_client.get(OVERVIEW)
    MembershipFactory(community=garden, circle=Circle.INFORMED)

    with django_assert_num_queries(FROM_SNAPSHOT_QUERIES):
        response = cultivator_client.get(OVERVIEW, {"sort": "-total"})

    assert totals(response) == {"Jardins partagés": 1}  # as read, not as now
    taken = timezone.localtime(response.context["overview"].taken_at).strftime("%H:%M")
    page = response.content.decode()
    assert taken in page and reverse("insights:overview_refresh") in page  # when, and refresh


def test_refresh_now_reads_the_figures_again_and_keeps_the_order(cultivator_client, garden):  # noqa: F811
    cultivator_client.get(OVERVIEW)
    MembershipFactory(community=garden, circle=Circle.INFORMED)

    response = cultivator_client.post(reverse("insights:overview_refresh"), {"sort": "-total"})

    assert response.status_code == 302
    assert response["Location"] == f"{OVERVIEW}?sort=-total"
    assert totals(cultivator_client.get(OVERVIEW)) == {"Jardins partagés": 2}


@pytest.mark.parametrize(("minutes", "read_again"), [(9.9, False), (10.1, True)])
def test_a_snapshot_past_ten_minutes_is_not_shown(cultivator_client, garden, minutes, read_again):  # noqa: F811
    cultivator_client.get(OVERVIEW)
    MembershipFactory(community=garden, circle=Circle.INFORMED)
    age(minutes)

    assert totals(cultivator_client.get(OVERVIEW)) == {"Jardins partagés": 2 if read_again else 1}


def test_a_cache_that_fails_still_gives_the_page(cultivator_client, garden, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)

    response = cultivator_client.get(OVERVIEW)

    assert response.status_code == 200
    assert totals(response) == {"Jardins partagés": 1}
    assert row_total(response) == 1  # the rows, rendered for this page alone


def test_the_beat_task_stores_what_the_page_shows(cultivator_client, garden, django_assert_num_queries):  # noqa: F811
    assert tasks.refresh_overview() == 1
    MembershipFactory(community=garden, circle=Circle.INFORMED)

    assert totals(cultivator_client.get(OVERVIEW)) == {"Jardins partagés": 1}


def test_refreshing_is_a_post_for_those_who_see_the_overview(client, cultivator_client, garden):  # noqa: F811
    assert cultivator_client.get(reverse("insights:overview_refresh")).status_code == 405
    member = MembershipFactory(community=garden, circle=Circle.ENGAGED).user
    client.force_login(member)
    assert client.post(reverse("insights:overview_refresh")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_many_cultivators_on_an_empty_snapshot_read_the_figures_once(monkeypatch):
    CommunityFactory(name="Jardins partagés")
    reads = []
    real = snapshots.selectors.communities_overview

    def slow_read(**kwargs):
        reads.append(1)
        time.sleep(0.3)  # the window in which the others arrive
        return real(**kwargs)

    monkeypatch.setattr(snapshots.selectors, "communities_overview", slow_read)
    start = threading.Barrier(8)
    seen = []

    def cultivator():
        start.wait()
        try:
            seen.append(snapshots.overview_read(sort="name", descending=False).taken_at)
        finally:
            connection.close()

    threads = [threading.Thread(target=cultivator) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(reads) == 1
    assert len(seen) == 8 and len(set(seen)) == 1


def tbody(response) -> str:
    return response.content.decode().split("<tbody>")[1].split("</tbody>")[0]


def test_the_rows_are_rendered_once_per_snapshot_order_and_language(cultivator_client, garden):  # noqa: F811
    cultivator = cultivator_client.get(OVERVIEW).wsgi_request.user
    User.objects.filter(pk=cultivator.pk).update(preferred_language="en")
    cultivator_client.post(reverse("insights:overview_refresh"))
    first = cultivator_client.get(OVERVIEW)
    assert rendered_rows(first) and row_total(first) == 1
    assert "2 roles vacant" in tbody(first)

    # The same snapshot, the same order, the same language: the kept rows.
    again = cultivator_client.get(OVERVIEW)
    assert not rendered_rows(again)
    assert tbody(again) == tbody(first)

    # Another order is its own rendering.
    assert rendered_rows(cultivator_client.get(OVERVIEW, {"sort": "-total"}))

    # A French reader: the rows in French, rendered for French.
    User.objects.filter(pk=cultivator.pk).update(preferred_language="fr")
    french = cultivator_client.get(OVERVIEW)
    assert rendered_rows(french) and "2 rôles vacants" in tbody(french)

    # A new snapshot ("Refresh now"): the rows show its figures.
    MembershipFactory(community=garden, circle=Circle.INFORMED)
    User.objects.filter(pk=cultivator.pk).update(preferred_language="en")
    assert row_total(cultivator_client.get(OVERVIEW)) == 1
    cultivator_client.post(reverse("insights:overview_refresh"))
    refreshed = cultivator_client.get(OVERVIEW)
    assert rendered_rows(refreshed) and row_total(refreshed) == 2


def test_rows_kept_by_a_cache_that_then_fails_are_rendered_again(cultivator_client, garden, monkeypatch):  # noqa: F811
    cultivator_client.get(OVERVIEW)
    real_get = cache.get

    def rows_unreadable(key, *args, **kwargs):
        if ":rows:" in key:
            raise ConnectionError("Redis is restarting")
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", rows_unreadable)
    response = cultivator_client.get(OVERVIEW)

    assert response.status_code == 200 and rendered_rows(response) and row_total(response) == 1
