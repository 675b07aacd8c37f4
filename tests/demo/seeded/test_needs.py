"""demo.needs.seed() fills each demo community with items at every stage."""

import pytest

from communities.models import Community
from demo import needs as needs_demo
from needs import selectors
from needs.models import Connection, Need, Status, Step, Support

pytestmark = pytest.mark.django_db


def test_seed_shows_every_stage_and_is_idempotent(seeded):
    needs_demo.seed()  # seed_demo may already have called it (once the integrator wires it)
    communities = Community.objects.count()
    assert Need.objects.count() >= 6
    assert needs_demo.seed() == {"needs": 0}
    statuses = set(Need.objects.values_list("status", flat=True))
    assert {Status.NEW, Status.DISCUSSED, Status.CONNECTED, Status.DONE,
            Status.DECLINED} <= statuses
    # Every step carries an answer: the demo keeps the promise too.
    assert not Step.objects.filter(answer="").exists()
    assert Support.objects.exists() and Connection.objects.exists()
    counts = selectors.pipeline_counts(Community.objects.values_list("pk", flat=True))
    assert 0 < len(counts) <= communities
    # Each seeded community has an item flagged on its board (waiting three weeks).
    for community_id in counts:
        columns = selectors.board(community=Community.objects.get(pk=community_id))
        assert any(item.overdue for column in columns for item in column.items)
