"""Unread counts kept per member and channel, not counted from the messages
(issue 14, item 4): each count is compared with the messages themselves
after every kind of change, and a post writes three statements whatever
the number of members."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Circle
from discussions import selectors, services
from discussions.models import Channel, Message, ReadState
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("discussions.migrations.0006_unread_counts")


def counted(user, channel) -> int:
    """What the channel list shows this person for this channel."""
    (found,) = [
        c for c in selectors.channels_with_unread(user=user, community=channel.community)
        if c.pk == channel.pk
    ]
    return found.unread


def recounted(user, channel) -> int:
    """The same, counted from the messages: shown, after their last read, not theirs."""
    state = ReadState.objects.filter(user=user, channel=channel).first()
    return (
        Message.objects.filter(
            channel=channel, id__gt=state.last_read_message_id if state else 0,
            deleted_at__isnull=True, hidden_at__isnull=True,
        ).exclude(author=user).count()
    )


def check(channel, *users) -> list[int]:
    counts = [counted(u, channel) for u in users]
    assert counts == [recounted(u, channel) for u in users]
    return counts


def post(channel, author, body="Bonjour"):
    return services.message_post(channel=channel, author=author, body=body)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.DISCUSSIONS_RATE_LIMIT = None


def test_a_post_is_unread_to_the_others_not_to_its_author(general, people):
    citizen, engaged, informed = people["citizen"], people["engaged"], people["informed"]
    post(general, engaged)
    post(general, engaged)
    post(general, citizen)
    # The citizen answered: what came before their message is read to them.
    assert check(general, citizen, engaged, informed) == [0, 1, 3]


def test_reading_up_to_a_message_leaves_what_came_after(general, people):
    citizen, engaged = people["citizen"], people["engaged"]
    messages = [post(general, engaged, f"m{n}") for n in range(5)]
    services.read_mark(channel=general, user=citizen, message_id=messages[2].pk)
    assert check(general, citizen) == [2]
    services.read_mark(channel=general, user=citizen, message_id=messages[-1].pk)
    assert check(general, citizen) == [0]
    # Reading an older page never moves the read back.
    services.read_mark(channel=general, user=citizen, message_id=messages[0].pk)
    assert check(general, citizen) == [0]


def test_posting_reads_the_channel_for_its_author(general, people):
    citizen, engaged = people["citizen"], people["engaged"]
    post(general, engaged)
    post(general, engaged)
    assert check(general, citizen) == [2]
    post(general, citizen)  # they answer: what they answered is read
    assert check(general, citizen, engaged) == [0, 1]


def test_a_hidden_message_stops_counting_for_those_who_had_not_read_it(general, people):
    citizen, engaged, informed = people["citizen"], people["engaged"], people["informed"]
    first, second = post(general, engaged), post(general, engaged)
    services.read_mark(channel=general, user=informed, message_id=second.pk)
    post(general, engaged)
    assert check(general, citizen, informed, engaged) == [3, 1, 0]

    services.message_hide(message=first, actor=people["gardener"], reason="Hors sujet")
    assert check(general, citizen, informed, engaged) == [2, 1, 0]
    # Their later read counts the hidden one neither way.
    services.read_mark(channel=general, user=citizen, message_id=second.pk)
    assert check(general, citizen) == [1]


def test_a_deleted_message_stops_counting_once_even_if_hidden_before(general, people):
    citizen, engaged = people["citizen"], people["engaged"]
    message = post(general, engaged)
    post(general, engaged)
    services.message_hide(message=message, actor=people["gardener"], reason="Hors sujet")
    assert check(general, citizen) == [1]
    services.message_delete(message=Message.objects.get(pk=message.pk), actor=engaged)
    assert check(general, citizen, engaged) == [1, 0]
    assert Channel.objects.get(pk=general.pk).message_count == 1


def test_an_author_deleting_their_last_message_stays_at_zero(general, people):
    citizen, engaged = people["citizen"], people["engaged"]
    post(general, citizen)
    mine = post(general, engaged)
    services.message_delete(message=mine, actor=engaged)
    assert check(general, citizen, engaged) == [0, 0]


def test_a_member_joining_late_sees_the_history_unread_then_reads_it(community, general, people):
    messages = [post(general, people["engaged"], f"m{n}") for n in range(4)]
    services.message_hide(message=messages[1], actor=people["gardener"], reason="Hors sujet")
    newcomer = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    assert check(general, newcomer) == [3]
    services.read_mark(channel=general, user=newcomer, message_id=messages[-1].pk)
    assert check(general, newcomer) == [0]
    post(general, people["citizen"])
    assert check(general, newcomer) == [1]


def test_the_channel_list_reads_no_message(community, general, informed_channel, people):
    for n in range(30):
        post(general if n % 2 else informed_channel, people["engaged"], f"m{n}")
    selectors.visible_channels(user=people["informed"], community=community)  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        channels = selectors.channels_with_unread(user=people["informed"], community=community)
    assert [c.unread for c in channels] == [15, 15]
    (query,) = captured.captured_queries
    assert "discussions_message" not in query["sql"]


@pytest.mark.parametrize("members", [3, 60])
def test_a_post_costs_three_statements_whatever_the_members(
    transactional_db, community, people, members, django_assert_max_num_queries
):
    """Measured outside a test transaction, as a request runs it: BEGIN, the
    claim of the channel, the message, the author's read state, COMMIT.
    Nobody else's row is written."""
    channel = services.general_channel_ensure(community=community)
    readers = [
        MembershipFactory(community=community, user=UserFactory()).user for _ in range(members)
    ]
    first = post(channel, people["engaged"])  # writes the member's activity date (once an hour)
    for reader in readers:
        services.read_mark(channel=channel, user=reader, message_id=first.pk)
    before = dict(ReadState.objects.exclude(user=people["engaged"]).values_list("pk", "seen_count"))

    with django_assert_max_num_queries(5) as captured:
        post(channel, people["engaged"], "Une question ?")
    statements = [q["sql"] for q in captured.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
    assert len(statements) == 3, statements

    after = dict(ReadState.objects.exclude(user=people["engaged"]).values_list("pk", "seen_count"))
    assert after == before
    assert {counted(r, channel) for r in readers[:3]} == {1}


def test_a_refused_post_changes_no_count(general, archived_channel, people):
    post(general, people["engaged"])
    services.member_mute(
        community=general.community, user=people["citizen"], actor=people["gardener"],
        duration=timedelta(hours=1), reason="Calme",
    )
    with pytest.raises(ValidationError) as refused:
        post(general, people["citizen"])
    assert refused.value.code == "muted"
    with pytest.raises(ValidationError) as refused:
        post(archived_channel, people["engaged"])
    assert refused.value.code == "archived"
    assert Channel.objects.get(pk=general.pk).message_count == 1
    assert Channel.objects.get(pk=archived_channel.pk).message_count == 0
    assert check(general, people["citizen"]) == [1]


def test_the_migration_fills_the_counts_from_the_messages_and_goes_back(general, people):
    citizen, engaged, informed = people["citizen"], people["engaged"], people["informed"]
    # Rows as they were before the counts existed: written without the services.
    rows = Message.objects.bulk_create(
        Message(channel=general, author=author, body=f"m{n}")
        for n, author in enumerate([engaged, citizen, engaged, engaged, citizen, engaged])
    )
    Message.objects.filter(pk=rows[2].pk).update(hidden_at="2026-01-01T00:00Z")
    ReadState.objects.create(user=informed, channel=general, last_read_message_id=rows[3].pk)

    migration.fill_counts(django_apps, SimpleNamespace(connection=connection))

    assert Channel.objects.get(pk=general.pk).message_count == 5
    assert check(general, citizen, engaged, informed, people["gardener"]) == [3, 2, 2, 5]
    # Back: the rows read up to nothing (the authors') go; the others stay.
    migration.drop_author_rows(django_apps, None)
    assert list(ReadState.objects.values_list("user", flat=True)) == [informed.pk]
