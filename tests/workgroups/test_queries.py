"""The list and the group page cost the same number of queries whatever the
number of groups, members and decisions: the selectors are pinned exactly, the
whole pages are measured at two sizes and must be equal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workgroups import selectors, services

from .conftest import engaged_person

pytestmark = pytest.mark.django_db


def fill(community, gardener, *, groups, members, start=0):
    """`groups` more groups; each gets `members` new engaged members who each record a decision."""
    made = []
    for n in range(start, start + groups):
        group = services.group_create(
            community=community, actor=gardener, name=f"Groupe {n}", goal="g", issue="i"
        )
        for _ in range(members):
            person = engaged_person(community)
            services.member_add(group=group, user=person, actor=gardener)
            services.decision_record(
                group=group, actor=person, text=f"Décision {n}", decided_on=timezone.localdate()
            )
            services.join_request_create(group=group, user=engaged_person(community), message="Moi")
        made.append(group)
    return made


def count_queries(client, path):
    client.get(path)  # warm what every page caches (site, footer...)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("groups", [2, 25])
def test_community_groups_is_one_query(people, community, groups, django_assert_num_queries):
    fill(community, people["gardener"], groups=groups, members=2)
    with django_assert_num_queries(1):
        lists = selectors.community_groups(community=community)
    assert [g.member_count for g in lists.active] == [2] * groups
    assert [g.pending_count for g in lists.active] == [2] * groups


@pytest.mark.parametrize("members", [2, 30])
def test_group_page_is_four_queries(people, community, members, django_assert_num_queries):
    group = fill(community, people["gardener"], groups=1, members=members)[0]
    # members, decisions (with their authors), pending requests, next meeting
    with django_assert_num_queries(4):
        page = selectors.group_page(group=group)
    assert len(page.members) == len(page.decisions) == page.pending_count == members


def test_the_list_page_does_not_grow_with_the_groups(client, login, people, community):
    login(people["gardener"])
    path = f"/communities/{community.slug}/groups/"
    fill(community, people["gardener"], groups=2, members=1)
    small, response = count_queries(client, path)
    assert len(response.context["groups"].active) == 2
    fill(community, people["gardener"], groups=20, members=2, start=2)
    large, response = count_queries(client, path)
    assert len(response.context["groups"].active) == 22
    assert small == large


@pytest.mark.parametrize("role", ["gardener", "group_member"])
def test_the_group_page_does_not_grow_with_members_and_decisions(client, login, roles, community, group, role):
    login(roles[role])
    path = group.get_absolute_url()
    small, response = count_queries(client, path)
    for _ in range(25):
        person = engaged_person(community)
        services.member_add(group=group, user=person, actor=roles["gardener"])
        services.decision_record(group=group, actor=person, text="D", decided_on=timezone.localdate())
    large, response = count_queries(client, path)
    assert len(response.context["page"].members) == 26
    assert small == large
