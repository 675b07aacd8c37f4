"""Lists cost the same number of queries whatever the number of rows
(each pinned at two sizes)."""

import pytest

from .conftest import seed_process, seed_public_world

pytestmark = pytest.mark.django_db

# communities: the count, the page, its themes (prefetched).
# events: the count, the page with its communities joined.
LISTS = {"/api/v1/communities/": 3, "/api/v1/events/": 2}


@pytest.mark.parametrize(("url", "queries"), LISTS.items())
@pytest.mark.parametrize("size", [1, 8])
def test_a_list_costs_a_fixed_number_of_queries(api, url, queries, size, django_assert_max_num_queries):
    seed_public_world(size)

    with django_assert_max_num_queries(queries):
        response = api.get(url)

    assert response.status_code == 200
    assert response.json()["count"] >= size


# The process and its phases (2), then: proposals with their counts and
# answers (1); commitments (1); the process's answer counters (1); the feed
# reads proposals and commitments (2) and the Site (Django's syndication asks
# it); the opinion, its recommendations and the proposals they draw on (3);
# the referrals with their communities, needs, groups and people (1).
PROCESS_LISTS = {
    "": 3, "phases/": 2, "proposals/": 3, "answers/": 3, "commitments/": 3,
    "recommendations/": 5, "referrals/": 3,
    "export.json": 9, "proposals.csv": 9, "recommendations.csv": 9, "referrals.csv": 9,
    "feed.atom": 9,
}


@pytest.mark.parametrize(("tail", "queries"), PROCESS_LISTS.items())
@pytest.mark.parametrize("size", [1, 6])
def test_a_process_list_costs_a_fixed_number_of_queries(
    api, tail, queries, size, django_assert_max_num_queries
):
    process = seed_process(proposals=size, recommendations=size, referrals=size)

    with django_assert_max_num_queries(queries):
        response = api.get(f"/api/v1/processes/{process.slug}/{tail}")

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_process_list_costs_a_fixed_number_of_queries(
    api, size, django_assert_max_num_queries
):
    for n in range(size):
        seed_process(proposals=0, title=f"Démarche {n}")

    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/processes/")

    assert response.json()["count"] == size
