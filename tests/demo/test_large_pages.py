"""The main pages cost the same number of queries at two sizes of the large
data set (`manage.py seed_large`): nothing is loaded per row (no N+1).

The data set is built by demo/large.py at two small scales (2 then 3
communities, 200 then 600 members, 20 then 60 events, 1,000 then 3,000
registrations, 2,000 then 6,000 messages); each page is asked once to warm
what a process caches, then counted.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Direction
from demo import large
from discussions.models import Channel
from events.models import Event
from roles.models import GardenerPair

# What each page costs, whatever the size (the territory gardener of the first
# community, who is an engaged member of it, reads every page but the overview,
# which the cultivator reads).
QUERIES = {
    "home": 15,
    # + 4 on 4 December: the community panels added that day, one query each
    # at any size; + 1 the same night: the "Funded projects" panel (calls);
    # + 1 on 5 December: the "Organisations here" panel (organisations)
    "community": 28,
    "events": 10,
    # + the event's team of co-organisers; + 1 on 4 December (night): the
    # processes it is a workshop of (events/related.py), one query at any size
    "event": 10,
    # + 1 on 4 December (evening): the councils' access rule asks whether the
    # channel is a council's (councils/hooks.py), one query at any size;
    # - 2 the same night: the read mark is one statement (unread counts kept
    # per member, discussions/services/unread.py), no savepoint and lookup;
    # - 1 on 5 December: the latest page's mentions are read only when one of
    # its messages has some (discussions/selectors.py, _with_mentions)
    "channel": 14,
    "notifications": 5,
    "dashboard": 22,
    # read warm: from the snapshot the beat keeps (insights/snapshots.py); the
    # figures' own 4 queries, equal at any size, in tests/insights/test_queries.py
    "overview": 5,
}


def pages(community, event, channel):
    return {
        "home": "/",
        "community": community.get_absolute_url(),
        "events": reverse("events:list"),
        "event": event.get_absolute_url(),
        "channel": channel.get_absolute_url(),
        "notifications": "/me/notifications/",
        "dashboard": reverse("insights:dashboard", kwargs={"slug": community.slug}),
        "overview": reverse("insights:overview"),
    }


def count(client, url) -> tuple[int, int]:
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


@pytest.mark.parametrize("scale", [0.01, 0.03])
def test_main_pages_cost_the_same_queries_at_two_sizes(client, postgres, scale):
    report = large.seed(scale)
    community = Community.objects.get(slug="large-000")
    pair = GardenerPair.objects.get(community=community, ended_at__isnull=True)
    event = Event.objects.filter(community=community).order_by("-confirmed_count").first()
    channel = Channel.objects.get(community=community, is_general=True)
    assert channel.last_seq > 100 and event.confirmed_count > 0
    cultivator = pair.institution_gardener
    Direction.objects.filter(pk=pair.direction_id).update(is_coordinating=True)

    measured = {}
    for name, url in pages(community, event, channel).items():
        client.force_login(cultivator if name == "overview" else pair.territory_gardener)
        status, queries = count(client, url)
        assert status == 200, (name, url, status)
        measured[name] = queries
    assert report.sizes.messages == round(200_000 * scale)
    assert measured == QUERIES


def test_the_command_says_it_needs_postgresql_on_another_database(db, monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="written with PostgreSQL's SQL: set DATABASE_URL"):
        call_command("seed_large", scale=0.01)
    assert not Community.objects.filter(slug__startswith="large-").exists()
