"""The directory's pages cost the same number of queries for 5 or 50 entries.

Measured at 5 entries, then pinned with django_assert_num_queries at 50. The
directory's own share is listed and pinned too (tags are prefetched: one query
for skills, one for interests, never one per card); the rest (session, user,
the roles' caches, the navigation of base.html) belongs to the site's layout.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import CommunityLink, Organisation

pytestmark = pytest.mark.django_db

DIRECTORY_TABLES = ("directory_directoryentry", "accounts_taggedskill", "taggit_taggeditem")


def _measure(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def _own(queries):
    return [sql for sql in queries if any(table in sql for table in DIRECTORY_TABLES)]


@pytest.mark.parametrize("query", ["", "?skill=compost&q=actor&territory=Lyon+7e"])
def test_the_list_at_5_and_50_entries(login, people, community, listed, query,
                                      django_assert_num_queries):
    listed(5)
    client = login(people["citizen"])
    path = reverse("directory:list", kwargs={"slug": community.slug}) + query
    response, small = _measure(client, path)
    assert len(response.context["entries"]) == 5
    # territories, skills, interests (filter choices); the count, the page of
    # entries with their people, their skills, their interests; the viewer's entry.
    assert len(_own(small)) == 8

    listed(45, start=5)
    with django_assert_num_queries(len(small)):
        response = client.get(path)
    assert len(response.context["entries"]) == 20
    assert response.context["page"].paginator.count == 50


@pytest.fixture
def located(community):
    def _located(n):
        for i in range(n):
            organisation = Organisation.objects.create(
                name=f"Collectif {i}", slug=f"collectif-{i}", kind=Organisation.Kind.COLLECTIVE,
                latitude=45.75 + i / 1000, longitude=4.85)
            CommunityLink.objects.create(organisation=organisation, community=community)
    return _located


def test_the_map_at_5_and_50_entries(login, people, community, listed, located,
                                     django_assert_num_queries):
    listed(5)
    client = login(people["citizen"])
    path = reverse("directory:map", kwargs={"slug": community.slug})
    response, small = _measure(client, path)
    assert len(response.context["markers"]) == 5
    # territories, skills, interests (filter choices); the markers with their people.
    assert len(_own(small)) == 4
    # The organisations linked to the community with a place (their hook): one.
    assert len([sql for sql in small if "organisations_organisation" in sql]) == 1

    listed(45, start=5)
    located(5)
    with django_assert_num_queries(len(small)):
        response = client.get(path)
    assert len(response.context["markers"]) == 50
    assert len(response.context["organisation_markers"]) == 5
