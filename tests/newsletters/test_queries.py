"""Constant query counts: the same pages and selectors with few and more rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from newsletters import selectors
from tests.factories import CommunityFactory, MembershipFactory

from .factories import LetterFactory, SectionFactory, subscribe

pytestmark = pytest.mark.django_db


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def _page_queries(client, url) -> int:
    client.get(url)  # warm caches (sessions, content types)
    return _count(lambda: client.get(url))


@pytest.mark.parametrize("page", ["community", "archive"])
def test_letter_lists_cost_the_same_with_2_or_9_letters(client, people, community, page):
    client.force_login(people["gardener"])
    url = reverse(f"newsletters:{page}", args=[community.slug])

    def add(n):
        for _ in range(n):
            letter = LetterFactory(community=community, state="sent", sent_at=timezone.now(),
                                   circles=[Circle.ENGAGED, Circle.CITIZENS])
            SectionFactory(letter=letter, state="accepted")

    add(2)
    few = _page_queries(client, url)
    add(7)
    assert _page_queries(client, url) == few


def test_the_editing_page_costs_the_same_with_2_or_9_sections(client, people, community):
    letter = LetterFactory(community=community)
    client.force_login(people["gardener"])
    url = letter.get_absolute_url()
    for state in ("accepted", "proposed"):
        SectionFactory(letter=letter, state=state)
    few = _page_queries(client, url)
    for state in ("accepted", "proposed", "declined", "changes_requested") * 2 + ("accepted",):
        SectionFactory(letter=letter, state=state)
    assert _page_queries(client, url) == few


def test_the_subscriptions_page_costs_the_same_with_2_or_9_communities(client, people):
    user = people["engaged"]
    client.force_login(user)
    url = reverse("newsletters:subscriptions")

    def add(n):
        for _ in range(n):
            community = CommunityFactory()
            MembershipFactory(community=community, user=user)
            subscribe(user, community)

    add(1)
    few = _page_queries(client, url)
    add(8)
    assert _page_queries(client, url) == few


def test_recipients_progress_and_audience_cost_the_same_at_two_sizes(community, subscribers):
    letter = LetterFactory(community=community, circles=[Circle.ENGAGED, Circle.INFORMED])
    measures = []
    for n in (2, 20):
        subscribers(n // 2, circle=Circle.ENGAGED)
        subscribers(n // 2, circle=Circle.INFORMED)
        measures.append((
            _count(lambda: list(selectors.recipients(letter))),
            _count(lambda: selectors.progress(letter)),
            _count(lambda: selectors.audience_summary(letter)),
        ))
    assert measures[0] == measures[1]
    assert measures[0] == (2, 1, 2)
