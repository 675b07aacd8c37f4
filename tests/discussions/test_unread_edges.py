"""Edge tests of discussions/services/unread.py, the unread counts kept as two
numbers (Channel.message_count, ReadState.seen_count), written for mutation
testing: each check, SQL clause and value of the module has a test here that
fails when it changes (tests/discussions/test_unread.py follows the services
as members use them; this file calls the module's functions directly).

The messages are mostly rows written without the services, and the channel's
count of shown messages set from them with the ORM (`settle`), so that the
function under test is the only writer of what it is checked on. Read states
that must be left alone hold a count nobody arrives at (WRONG). Message ids
grow in the order the rows are written, whatever their channel.
"""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from discussions import selectors, services
from discussions.models import Channel, Message, ReadState
from discussions.services import unread
from tests.factories import UserFactory
from tests.processes import wait_until

pytestmark = pytest.mark.django_db

WRONG = 99  # a count no test arrives at: a row left alone still holds it


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.DISCUSSIONS_RATE_LIMIT = None


def write(channel, author, **fields):
    """A message row, without the services: no count is written."""
    return Message.objects.create(channel=channel, author=author, body="Bonjour", **fields)


def settle(*channels):
    """Each channel's count of shown messages, counted with the ORM (not unread.py)."""
    for channel in channels:
        shown = Message.objects.filter(channel=channel, deleted_at=None, hidden_at=None).count()
        Channel.objects.filter(pk=channel.pk).update(message_count=shown)


def state(user, channel, last_read, seen=WRONG):
    return ReadState.objects.create(
        user=user, channel=channel, last_read_message_id=last_read, seen_count=seen
    )


def row(user, channel):
    """(last_read_message_id, seen_count) of a person's read state, or None."""
    return (
        ReadState.objects.filter(user=user, channel=channel)
        .values_list("last_read_message_id", "seen_count")
        .first()
    )


def count(channel) -> int:
    return Channel.objects.values_list("message_count", flat=True).get(pk=channel.pk)


def unread_of(user, channel) -> int:
    """The figure the channel list shows this person for this channel."""
    (found,) = [
        c for c in selectors.channels_with_unread(user=user, community=channel.community)
        if c.pk == channel.pk
    ]
    return found.unread


def mark(user, channel, message):
    unread.mark(channel_id=channel.pk, user_id=user.pk, message_id=message.pk)


# --- mark() --------------------------------------------------------------------------


def test_a_first_read_creates_the_row_with_what_it_covers(
    general, informed_channel, people, django_assert_num_queries
):
    citizen, engaged, now = people["citizen"], people["engaged"], timezone.now()
    write(general, engaged)
    read = write(general, engaged)
    write(informed_channel, engaged)  # another channel's, after the read: not unseen here
    write(general, citizen)  # their own, after the read: seen
    write(general, engaged, hidden_at=now)
    write(general, engaged, deleted_at=now)
    write(general, None)  # no author (account gone): unseen
    write(general, engaged)
    write(informed_channel, citizen)
    settle(general, informed_channel)
    assert (count(general), count(informed_channel)) == (5, 2)

    with django_assert_num_queries(2):  # the update finds no row, then the insert
        mark(citizen, general, read)
    assert row(citizen, general) == (read.pk, 3)  # the two read, and their own
    assert unread_of(citizen, general) == 2  # the one without author, the last
    assert ReadState.objects.count() == 1


def test_a_later_read_moves_forward_in_one_statement(
    general, informed_channel, people, django_assert_num_queries
):
    citizen, engaged, now = people["citizen"], people["engaged"], timezone.now()
    first = write(general, engaged)
    write(general, citizen)
    write(general, engaged)
    write(general, engaged, hidden_at=now)
    write(informed_channel, engaged)
    later = write(general, engaged)
    write(general, engaged, deleted_at=now)
    write(general, None)
    write(general, citizen)  # their own, after the later read
    write(informed_channel, engaged)
    settle(general, informed_channel)
    assert count(general) == 6
    mark(citizen, general, first)
    assert row(citizen, general) == (first.pk, 3)  # the first, and their own two
    assert unread_of(citizen, general) == 3

    with django_assert_num_queries(1):
        mark(citizen, general, later)
    assert row(citizen, general) == (later.pk, 5)
    assert unread_of(citizen, general) == 1  # the one without author


@pytest.mark.parametrize("back", [0, 1], ids=["same message", "earlier message"])
def test_a_read_that_does_not_move_forward_changes_nothing(
    back, general, people, django_assert_num_queries
):
    citizen, engaged = people["citizen"], people["engaged"]
    messages = [write(general, engaged) for _ in range(3)]
    settle(general)
    state(citizen, general, messages[1].pk)  # a rewrite of the row would show on WRONG
    # The update moves nothing, the insert finds the row: two statements.
    with django_assert_num_queries(2):
        mark(citizen, general, messages[1 - back])
    assert row(citizen, general) == (messages[1].pk, WRONG)
    assert ReadState.objects.count() == 1


def test_a_read_writes_the_readers_row_of_that_channel_only(
    general, informed_channel, people, django_assert_num_queries
):
    informed, engaged = people["informed"], people["engaged"]
    first, second = write(general, engaged), write(general, engaged)
    settle(general)
    state(engaged, general, 0)  # another reader of the channel, behind
    state(informed, informed_channel, 0)  # the reader, behind in another channel

    mark(informed, general, first)  # created although both rows exist
    assert row(informed, general) == (first.pk, 1)
    with django_assert_num_queries(1):
        mark(informed, general, second)
    assert row(informed, general) == (second.pk, 2)
    assert row(engaged, general) == (0, WRONG)
    assert row(informed, informed_channel) == (0, WRONG)
    assert ReadState.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_first_read_meeting_a_row_created_meanwhile_leaves_it(postgres, general):
    """Two first reads at once: the second one's insert waits on the unique
    index for the first, then does nothing (ON CONFLICT) rather than fail."""
    reader, message = UserFactory(), write(general, None)
    settle(general)
    outcome, connected = {}, threading.Event()

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            connected.set()
            mark(reader, general, message)
        except Exception as error:  # noqa: BLE001 -- reported below
            outcome["error"] = error
        finally:
            connected.set()
            connection.close()

    def waiting() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted",
                           [outcome.get("pid")])
            return cursor.fetchone() is not None

    thread = threading.Thread(target=run)
    with transaction.atomic():
        state(reader, general, 0)  # not committed: the other read does not see it
        thread.start()
        assert connected.wait(30)
        wait_until(waiting, timeout=30, interval=0.02, what="the read to wait on the index")
    thread.join(30)
    assert not thread.is_alive() and "error" not in outcome, outcome.get("error")
    assert row(reader, general) == (0, WRONG)


def test_a_read_past_the_channels_messages_stops_at_its_last_one(
    general, informed_channel, people, django_assert_num_queries
):
    """A socket's `read` frame takes any number: an id past every message,
    or another channel's, never puts the read ahead of messages to come."""
    citizen, engaged = people["citizen"], people["engaged"]
    write(general, engaged)
    last = write(general, engaged)
    elsewhere = write(informed_channel, engaged)
    settle(general, informed_channel)
    with django_assert_num_queries(2):
        unread.mark(channel_id=general.pk, user_id=citizen.pk, message_id=10**12)
    assert row(citizen, general) == (last.pk, 2)
    later = write(general, engaged)
    settle(general)
    assert unread_of(citizen, general) == 1
    mark(citizen, general, elsewhere)  # another channel's message, after `last`
    assert row(citizen, general) == (last.pk, 2)
    with django_assert_num_queries(1):
        unread.mark(channel_id=general.pk, user_id=citizen.pk, message_id=10**12)
    assert row(citizen, general) == (later.pk, 3)
    assert unread_of(citizen, general) == 0


def test_a_first_read_before_any_message_reads_nothing(general, people):
    citizen, engaged = people["citizen"], people["engaged"]
    first = write(general, engaged)
    settle(general)
    unread.mark(channel_id=general.pk, user_id=citizen.pk, message_id=first.pk - 1)
    assert row(citizen, general) == (0, 0)
    assert unread_of(citizen, general) == 1


# --- message_removed() ---------------------------------------------------------------


def test_a_removal_takes_one_from_the_states_that_counted_the_message(
    general, informed_channel, people
):
    citizen, informed, engaged = people["citizen"], people["informed"], people["engaged"]
    gardener = people["gardener"]
    write(general, engaged)
    message = write(general, engaged)
    later = write(general, citizen)
    state(citizen, general, message.pk - 1)  # just before it: never counted it
    state(informed, general, message.pk)  # exactly at it
    state(gardener, general, later.pk)  # past it
    state(engaged, general, 0)  # its author, read before it: counted it as theirs
    state(informed, informed_channel, later.pk)  # another channel's, read past its id
    state(engaged, informed_channel, 0)  # its author's, in another channel

    assert unread.message_removed(message) == 3
    assert [row(u, general)[1] for u in (citizen, informed, gardener, engaged)] == [
        WRONG, WRONG - 1, WRONG - 1, WRONG - 1,
    ]
    assert row(informed, informed_channel) == (later.pk, WRONG)
    assert row(engaged, informed_channel) == (0, WRONG)


def test_a_removed_message_without_author_counts_for_its_readers_only(general, people):
    citizen, informed = people["citizen"], people["informed"]
    message = write(general, None)
    later = write(general, citizen)
    state(citizen, general, message.pk - 1)
    state(informed, general, later.pk)
    assert unread.message_removed(message) == 1
    assert row(citizen, general) == (message.pk - 1, WRONG)
    assert row(informed, general) == (later.pk, WRONG - 1)


def test_a_hide_keeps_each_unread_figure_right_at_the_boundaries(general, people):
    citizen, informed, engaged = people["citizen"], people["informed"], people["engaged"]
    before = services.message_post(channel=general, author=engaged, body="Un")
    message = services.message_post(channel=general, author=engaged, body="Deux")
    last = services.message_post(channel=general, author=engaged, body="Trois")
    mark(citizen, general, message)  # exactly at it
    mark(informed, general, before)  # just before it
    readers = (citizen, informed, engaged)
    assert [unread_of(u, general) for u in readers] == [1, 2, 0]

    services.message_hide(message=message, actor=people["gardener"], reason="Hors sujet")
    assert count(general) == 2
    assert [row(u, general) for u in readers] == [
        (message.pk, 1), (before.pk, 1), (last.pk, 2),
    ]
    assert [unread_of(u, general) for u in readers] == [1, 1, 0]


def test_an_author_read_up_to_nothing_deletes_their_message(general, people):
    citizen, engaged = people["citizen"], people["engaged"]
    mine = write(general, engaged)
    write(general, citizen)
    unread.recount(channel_ids=[general.pk])
    assert row(engaged, general) == (0, 1)
    services.message_delete(message=mine, actor=engaged)
    assert (count(general), row(engaged, general)) == (1, (0, 0))
    assert unread_of(engaged, general) == 1


# --- recount() -----------------------------------------------------------------------


@pytest.fixture
def bulk(general, informed_channel, engaged_channel, archived_channel, people):
    """Rows written without the services, as demo/large.py does, every count
    wrong; three read states already there."""
    citizen, informed, engaged, now = (
        people["citizen"], people["informed"], people["engaged"], timezone.now()
    )
    write(general, engaged)
    write(general, engaged, deleted_at=now)
    write(general, engaged, hidden_at=now)
    write(informed_channel, engaged)  # below the reads, in another channel
    own_read = write(general, citizen)  # the citizen read up to their own message
    write(general, citizen, deleted_at=now)
    write(general, citizen, hidden_at=now)
    exactly = write(general, citizen)  # the informed member read exactly this one
    write(informed_channel, citizen)  # the citizen's, in another channel
    write(general, None)
    write(general, engaged)
    write(general, people["gardener"], hidden_at=now)  # only hidden: no row for them
    write(general, people["staff"], deleted_at=now)  # only deleted: no row either
    write(engaged_channel, engaged)
    Channel.objects.update(message_count=WRONG)  # archived_channel: none, yet WRONG
    state(citizen, general, own_read.pk)
    state(informed, general, exactly.pk)
    state(informed, informed_channel, 0)
    return {"own_read": own_read.pk, "exactly": exactly.pk}


def test_recounting_every_channel(
    general, informed_channel, engaged_channel, archived_channel, people, bulk,
    django_assert_num_queries,
):
    citizen, informed, engaged = people["citizen"], people["informed"], people["engaged"]
    with django_assert_num_queries(3):
        unread.recount()

    assert [count(c) for c in (general, informed_channel, engaged_channel, archived_channel)] == [
        5, 2, 1, 0,
    ]
    assert not Channel.objects.filter(message_count=WRONG).exists()
    # Shown up to the read (deleted, hidden and other channels' left out),
    # and their own shown after it; each author gets a row read up to nothing.
    assert row(citizen, general) == (bulk["own_read"], 3)
    assert row(informed, general) == (bulk["exactly"], 3)
    assert row(engaged, general) == (0, 2)
    assert row(citizen, informed_channel) == (0, 1)
    assert row(engaged, informed_channel) == (0, 1)
    assert row(informed, informed_channel) == (0, 0)
    assert row(engaged, engaged_channel) == (0, 1)
    assert row(people["gardener"], general) is None
    assert row(people["staff"], general) is None
    assert ReadState.objects.count() == 7
    assert [unread_of(u, general) for u in (citizen, informed, engaged)] == [2, 2, 3]
    assert [unread_of(u, informed_channel) for u in (informed, engaged)] == [2, 1]
    assert unread_of(engaged, engaged_channel) == 0


def test_recounting_listed_channels_only_whatever_their_number(
    general, informed_channel, engaged_channel, archived_channel, people, bulk,
    django_assert_num_queries,
):
    citizen, informed, engaged = people["citizen"], people["informed"], people["engaged"]
    with django_assert_num_queries(3):
        unread.recount(channel_ids=[str(general.pk)])  # ids as strings (a command's arguments)

    assert count(general) == 5
    assert [count(c) for c in (informed_channel, engaged_channel, archived_channel)] == [WRONG] * 3
    assert [row(u, general) for u in (citizen, informed, engaged)] == [
        (bulk["own_read"], 3), (bulk["exactly"], 3), (0, 2),
    ]
    assert [unread_of(u, general) for u in (citizen, informed, engaged)] == [2, 2, 3]
    # Other channels: no author's row, and a wrong count stays wrong.
    assert row(citizen, informed_channel) is None
    assert row(engaged, informed_channel) is None
    assert row(engaged, engaged_channel) is None
    assert row(informed, informed_channel) == (0, WRONG)

    with django_assert_num_queries(3):
        unread.recount(channel_ids=(informed_channel.pk, engaged_channel.pk))
    assert [count(c) for c in (informed_channel, engaged_channel, archived_channel)] == [
        2, 1, WRONG,
    ]
    assert row(citizen, informed_channel) == (0, 1)
    assert row(informed, informed_channel) == (0, 0)
    assert row(engaged, engaged_channel) == (0, 1)
    assert ReadState.objects.count() == 7


def test_recounting_no_channel_does_nothing(bulk, django_assert_num_queries):
    with django_assert_num_queries(0):
        unread.recount(channel_ids=[])
    assert set(Channel.objects.values_list("message_count", flat=True)) == {WRONG}
    assert set(ReadState.objects.values_list("seen_count", flat=True)) == {WRONG}
    assert ReadState.objects.count() == 3
