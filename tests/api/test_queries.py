"""Lists cost the same number of queries whatever the number of rows."""

import pytest

from .conftest import seed_public_world

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
