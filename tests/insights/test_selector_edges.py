"""The dashboards' reads at their edges (insights/selectors.py): the
overview's default order and a sort nobody offers, and the community a
dashboard is of."""

from types import SimpleNamespace

import pytest

from insights import selectors
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_the_overview_lists_communities_by_name_unless_asked():
    for name in ("Zones humides", "Alimentation", "Écologie urbaine"):
        CommunityFactory(name=name)

    overview = selectors.communities_overview()

    assert [c.name for c in overview.communities] == [
        "Alimentation", "Écologie urbaine", "Zones humides"]


def test_a_sort_nobody_offers_sorts_by_name():
    rows = [SimpleNamespace(name=name, total=n) for name, n in
            (("Zones humides", 1), ("alimentation", 3), ("Écologie", 2))]

    assert [r.name for r in selectors.sort_overview_rows(rows, "bogus", False)] == [
        "alimentation", "Écologie", "Zones humides"]
    assert [r.name for r in selectors.sort_overview_rows(rows, "total", True)] == [
        "alimentation", "Écologie", "Zones humides"]


def test_a_dashboard_is_of_its_community(community, people):
    dashboard = selectors.community_dashboard(community=community, viewer=people["gardener"])

    assert dashboard.community == community
