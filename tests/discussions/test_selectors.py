"""Reads: paging around an anchor, unread counts, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import selectors, services
from discussions.services import unread
from discussions.models import Channel, Message
from communities.models import Circle
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def fill(channel, author, n):
    """n messages, numbered as the channel's next n changes (as the services do)."""
    start = Channel.objects.values_list("last_seq", flat=True).get(pk=channel.pk)
    Message.objects.bulk_create(
        [
            Message(channel=channel, author=author, body=f"message {i}", seq=start + 1 + i)
            for i in range(n)
        ]
    )
    Channel.objects.filter(pk=channel.pk).update(last_seq=start + n)
    unread.recount(channel_ids=[channel.pk])
    return list(Message.objects.filter(channel=channel).order_by("id").values_list("id", flat=True))


def test_latest_page(general, people):
    ids = fill(general, people["citizen"], 120)
    page = selectors.channel_history(channel=general, limit=50)
    assert [m.pk for m in page.messages] == ids[-50:]
    assert page.has_older and not page.has_newer


def test_older_and_newer_pages(general, people):
    ids = fill(general, people["citizen"], 120)
    older = selectors.channel_history(channel=general, before=ids[-50], limit=50)
    assert [m.pk for m in older.messages] == ids[20:70]
    assert older.has_older and older.has_newer
    oldest = selectors.channel_history(channel=general, before=ids[20], limit=50)
    assert [m.pk for m in oldest.messages] == ids[:20]
    assert not oldest.has_older and oldest.has_newer
    newer = selectors.channel_history(channel=general, after=ids[19], limit=50)
    assert [m.pk for m in newer.messages] == ids[20:70]
    assert newer.has_older and newer.has_newer


def test_page_around_an_anchor(general, people):
    ids = fill(general, people["citizen"], 120)
    page = selectors.channel_history(channel=general, around=ids[60], limit=50)
    assert [m.pk for m in page.messages] == ids[35:85]
    assert page.has_older and page.has_newer
    first = selectors.channel_history(channel=general, around=ids[0], limit=50)
    assert first.messages[0].pk == ids[0] and not first.has_older


@pytest.mark.parametrize("junk", ["abc", "-3", "", None, "1e9", "99999999999999999999999"])
def test_bad_anchors_fall_back_safely(general, people, junk):
    fill(general, people["citizen"], 3)
    page = selectors.channel_history(channel=general, before=junk, after=junk, around=junk)
    assert len(page.messages) <= 3


def test_history_of_another_channel_is_not_mixed(general, informed_channel, people):
    fill(general, people["citizen"], 5)
    other = fill(informed_channel, people["informed"], 5)
    page = selectors.channel_history(channel=informed_channel, around=other[0])
    assert {m.channel_id for m in page.messages} == {informed_channel.pk}


def test_changes_after_a_number_are_bounded(general, people):
    ids = fill(general, people["citizen"], 30)  # changes 1 to 30
    changes = selectors.changes_after(channel=general, after=5, limit=25)
    assert [m.pk for m in changes.messages] == ids[5:] and changes.complete
    assert changes.last_seq == 30
    # One change more than the limit: no messages, the client reloads.
    changes = selectors.changes_after(channel=general, after=4, limit=25)
    assert changes.messages == [] and not changes.complete
    # Up to date: nothing, and the same number back.
    changes = selectors.changes_after(channel=general, after=30)
    assert changes.messages == [] and changes.complete and changes.last_seq == 30
    # A number the channel never reached (an old client, a restored database).
    assert not selectors.changes_after(channel=general, after=31).complete
    assert selectors.channel_last_seq(channel=general) == 30


@pytest.mark.parametrize("size", [3, 60])
def test_history_query_count_is_constant(general, people, size, django_assert_num_queries):
    ids = fill(general, people["citizen"], size)
    # No mention on the page: the page of messages with their authors, each
    # knowing in the same query that it mentions nobody (no prefetch).
    with django_assert_num_queries(1):
        page = selectors.channel_history(channel=general)
        assert [list(m.mentions.all()) for m in page.messages] == [[]] * min(size, 50)
    # The same plus one `exists` for the other side.
    with django_assert_num_queries(2):
        selectors.channel_history(channel=general, before=ids[-1])
    with django_assert_num_queries(2):
        selectors.channel_history(channel=general, around=ids[size // 2])
    # The channel's counter, the changed messages.
    with django_assert_num_queries(2):
        selectors.changes_after(channel=general, after=0)
    # Messages with mentions, so the prefetch has rows to fetch.
    for message_id in ids:
        Message.objects.get(pk=message_id).mentions.create(user=people["engaged"])
    # 1. the page of messages with their authors, 2. their mentions with the users.
    with django_assert_num_queries(2):
        page = selectors.channel_history(channel=general)
        [m.mentions.all()[0].user.display_name for m in page.messages]
    # The same plus one `exists` for the other side.
    with django_assert_num_queries(3):
        selectors.channel_history(channel=general, before=ids[-1])
    # Both halves, then the mentions of both at once.
    with django_assert_num_queries(3):
        page = selectors.channel_history(channel=general, around=ids[size // 2])
        [m.mentions.all()[0].user.display_name for m in page.messages]
    # The channel's counter, the changed messages, their mentions.
    with django_assert_num_queries(3):
        changes = selectors.changes_after(channel=general, after=0)
        [m.mentions.all()[0].user.display_name for m in changes.messages]
    assert len(changes.messages) == size


def test_unread_counts(community, general, informed_channel, engaged_channel, people):
    citizen, informed = people["citizen"], people["informed"]
    ids = fill(general, people["engaged"], 7)
    fill(informed_channel, people["engaged"], 4)
    fill(engaged_channel, people["engaged"], 2)
    fill(general, citizen, 3)  # one's own messages are never unread
    services.read_mark(channel=general, user=citizen, message_id=ids[4])
    services.message_delete(message=Message.objects.get(pk=ids[6]), actor=people["engaged"])

    counts = {c.name: c.unread for c in selectors.channels_with_unread(user=citizen, community=community)}
    assert counts == {general.name: 1}
    counts = {c.name: c.unread for c in selectors.channels_with_unread(user=informed, community=community)}
    assert counts == {general.name: 9, informed_channel.name: 4}
    gardener = {c.name for c in selectors.channels_with_unread(user=people["gardener"], community=community)}
    assert gardener == {general.name, informed_channel.name, engaged_channel.name}
    assert selectors.channels_with_unread(user=people["other_gardener"], community=community) == []


@pytest.mark.parametrize("size", [2, 25])
def test_unread_counts_in_one_query(community, people, size, django_assert_num_queries):
    user = people["engaged"]
    for n in range(size):
        channel = Channel.objects.create(community=community, name=f"Canal {n}", min_circle=Circle.CITIZENS)
        fill(channel, people["citizen"], 3)
    services.read_mark(channel=channel, user=user, message_id=1)
    # Warm the permission caches (memberships, gardened communities, staff).
    selectors.visible_channels(user=user, community=community)
    with django_assert_num_queries(1):
        channels = selectors.channels_with_unread(user=user, community=community)
    assert len(channels) == size


def test_post_query_count_does_not_grow_with_members(people, other_community):
    """Mentions are resolved in one query whatever the size of the community."""
    from communities.models import Community

    counts = []
    for community, members in ((people["citizen"].memberships.get().community, 2), (other_community, 40)):
        author = people["citizen"]
        MembershipFactory(community=other_community, user=author) if community == other_community else None
        for n in range(members):
            MembershipFactory(community=community, user=UserFactory(display_name=f"Alix {n}"))
        channel = services.general_channel_ensure(community=Community.objects.get(pk=community.pk))
        with CaptureQueriesContext(connection) as context:
            services.message_post(channel=channel, author=author, body="@Alix 1 et @Alix 0")
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
