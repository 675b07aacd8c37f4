"""The overview's one big query reads each community's figures once per
community, not once per member (issue 14: 7-10 s at 25 communities).

Joining the memberships with GROUP BY made PostgreSQL put every correlated
subquery (events, letters, messages, pair) into the grouping key and run it
for each membership row. The plan of the query, as PostgreSQL ran it, must
show every subquery executed at most once per community, whatever the number
of members. No time is measured: the loop counts are exact.
"""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights import selectors
from tests.factories import CommunityFactory
from tests.insights.factories import populate_indicators

COMMUNITIES = 3
MEMBERS = 20


def subplans(node):
    """Every node PostgreSQL ran as a subquery of its parent, with its loops."""
    if node.get("Parent Relationship") == "SubPlan":
        yield node
    for child in node.get("Plans", []):
        yield from subplans(child)


def test_each_figure_is_read_once_per_community_not_once_per_member(postgres):
    for _ in range(COMMUNITIES):
        populate_indicators(CommunityFactory(), MEMBERS)

    with CaptureQueriesContext(connection) as captured:
        overview = selectors.communities_overview()
    side_by_side = captured.captured_queries[0]["sql"]
    assert side_by_side.startswith('SELECT "communities_community"."id"')
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + side_by_side)
        (explained,) = cursor.fetchone()
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]

    loops = [node["Actual Loops"] for node in subplans(plan["Plan"])]
    assert len(loops) >= 10  # members, pair, events, letters, messages: all subqueries
    assert max(loops) == COMMUNITIES
    # The figures themselves: 16 members stay of 20 in each community.
    assert [c.total for c in overview.communities] == [MEMBERS - MEMBERS // 5] * COMMUNITIES
    assert all(c.messages == 10 * (MEMBERS // 10) for c in overview.communities)
