"""The change numbers of a channel and the `sync` command that answers from them.

Every post, edit, delete and hide takes the channel's next number and stamps
it on the message; a client that holds every change up to N asks for the
messages whose number is above N (docs/realtime.md, "Resync").
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from communities.models import Circle, Membership
from discussions import broadcast, selectors, services
from discussions.models import Channel, Message

from .realtime import closed_with, open_socket, receive, run, send

db_async = sync_to_async


def last_seq(channel) -> int:
    return Channel.objects.values_list("last_seq", flat=True).get(pk=channel.pk)


def seq_of(message) -> int:
    return Message.objects.values_list("seq", flat=True).get(pk=message.pk)


# --- The numbers ------------------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    """What the services hand to broadcast (group, event), after commit."""
    events = []
    monkeypatch.setattr(broadcast, "_send", lambda group, event: events.append((group, event)))
    return events


def seqs_sent(sent) -> list[int]:
    import json

    return [
        (json.loads(e["text"])["message"] if "text" in e else e["message"])["seq"]
        for _group, e in sent
        if e["type"] == "message.changed"
    ]


@pytest.mark.django_db
def test_every_change_takes_the_channels_next_number(
    general, informed_channel, people, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.message_post(channel=general, author=people["citizen"], body="un")
        second = services.message_post(channel=general, author=people["citizen"], body="deux")
        services.message_edit(message=first, actor=people["citizen"], body="un !")
        services.message_delete(message=second, actor=people["citizen"])
        services.message_hide(message=first, actor=people["gardener"], reason="Hors sujet")
    assert (seq_of(first), seq_of(second), last_seq(general)) == (5, 4, 5)
    # Each broadcast carries the number of its change, in order.
    assert seqs_sent(sent) == [1, 2, 3, 4, 5]
    # Another channel counts on its own.
    other = services.message_post(channel=informed_channel, author=people["informed"], body="ici")
    assert (seq_of(other), last_seq(informed_channel), last_seq(general)) == (1, 1, 5)


@pytest.mark.django_db
def test_refused_and_empty_changes_take_no_number(general, people, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(channel=general, author=people["citizen"], body="Bonjour")
        # The same text again: nothing changed, nothing counted or sent.
        services.message_edit(message=message, actor=people["citizen"], body=" Bonjour ")
    for service, kwargs in (
        (services.message_edit, {"actor": people["engaged"], "body": "pas à moi"}),
        (services.message_delete, {"actor": people["engaged"]}),
        (services.message_hide, {"actor": people["gardener"], "reason": " "}),
    ):
        with pytest.raises(ValidationError):
            service(message=message, **kwargs)
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - services.EDIT_WINDOW * 2)
    with pytest.raises(ValidationError):
        services.message_edit(message=message, actor=people["citizen"], body="Trop tard")
    assert (seq_of(message), last_seq(general), seqs_sent(sent)) == (1, 1, [1])


def _change(channel_id, author_id, n):
    """Post then edit, in a thread of its own (its own connection)."""
    try:
        author = get_user_model().objects.get(pk=author_id)
        message = services.message_post(channel=Channel(pk=channel_id), author=author, body=f"m{n}")
        services.message_edit(message=message, actor=author, body=f"m{n} (corrigé)")
        return message.pk
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_get_distinct_consecutive_numbers(postgres, general, people, settings):
    settings.DISCUSSIONS_RATE_LIMIT = None
    authors = [people[role] for role in ("citizen", "informed", "engaged", "gardener")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        ids = list(pool.map(_change, [general.pk] * 12, [a.pk for a in authors] * 3, range(12)))
    # 12 posts and 12 edits: numbers 1 to 24, each message at its edit's.
    assert last_seq(general) == 24
    seqs = sorted(Message.objects.filter(pk__in=ids).values_list("seq", flat=True))
    assert len(set(seqs)) == 12 and all(1 < s <= 24 for s in seqs)


@pytest.mark.django_db
def test_migration_numbers_existing_messages_in_id_order(people, general, community):
    """The backfill of 0003: each channel's messages 1, 2, 3... and the counter at the last."""
    from importlib import import_module

    from django.apps import apps

    other = Channel.objects.create(community=community, name="Autre")
    for channel, n in ((general, 3), (other, 2), (general, 1)):
        Message.objects.bulk_create(
            [Message(channel=channel, author=people["citizen"], body="x") for _ in range(n)]
        )
    migration = import_module("discussions.migrations.0003_change_sequence")
    migration.number_existing_messages(apps, None)
    for channel, count in ((general, 4), (other, 2)):
        rows = list(Message.objects.filter(channel=channel).order_by("id").values_list("seq", flat=True))
        assert rows == list(range(1, count + 1))
        assert last_seq(channel) == count


# --- The sync command over the socket ----------------------------------------------------


async def still_open(socket, expected_seq):
    await send(socket, {"type": "ping"})
    assert (await receive(socket, "pong"))["last_seq"] == expected_seq


@pytest.mark.django_db(transaction=True)
def test_sync_returns_every_change_after_a_number(layer, people, general):
    """Posts, edits, deletes and hides after N, each message once as it is now,
    in change order; a hidden message without its text for others."""
    post = services.message_post
    one = post(channel=general, author=people["engaged"], body="un")  # 1
    two = post(channel=general, author=people["engaged"], body="deux")  # 2
    three = post(channel=general, author=people["engaged"], body="trois")  # 3
    services.message_edit(message=one, actor=people["engaged"], body="un, corrigé")  # 4
    services.message_delete(message=two, actor=people["engaged"])  # 5
    services.message_hide(message=three, actor=people["gardener"], reason="Hors sujet")  # 6
    four = post(channel=general, author=people["citizen"], body="quatre")  # 7
    services.message_edit(message=four, actor=people["citizen"], body="quatre !")  # 8

    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        await send(socket, {"type": "sync", "after": 3})
        frame = await receive(socket, "sync")
        assert frame["after"] == 3 and frame["last_seq"] == 8
        got = [(m["id"], m["seq"], m["body"], m["edited"], m["deleted"], m["hidden"]) for m in frame["messages"]]
        assert got == [
            (one.pk, 4, "un, corrigé", True, False, False),
            (two.pk, 5, "", False, True, False),
            (three.pk, 6, "", False, False, True),  # the citizen does not read a hidden text
            (four.pk, 8, "quatre !", True, False, False),  # posted and edited: once
        ]
        # From the start: each message once, in the order of its last change.
        await send(socket, {"type": "sync", "after": 0})
        frame = await receive(socket, "sync")
        assert [m["seq"] for m in frame["messages"]] == [4, 5, 6, 8]
        # Up to date: nothing, the same number.
        await send(socket, {"type": "sync", "after": 8})
        frame = await receive(socket, "sync")
        assert frame["messages"] == [] and frame["last_seq"] == 8
        await still_open(socket, 8)
        await socket.disconnect()

        gardener = await open_socket(people["gardener"], general.pk)
        await send(gardener, {"type": "sync", "after": 5})
        frame = await receive(gardener, "sync")
        assert frame["messages"][0]["body"] == "trois"  # moderators read it
        await gardener.disconnect()

    run(scenario)


def english(person):
    person.preferred_language = "en"
    person.save(update_fields=["preferred_language"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "preferred, accept, expected",
    [
        ("fr", "en", "numéro de modification"),  # the profile wins over the browser
        ("en", "fr", "change number"),
        ("", "en-GB,en;q=0.8", "change number"),  # no choice saved: the browser's
        ("", "de", "numéro de modification"),  # neither: the site's language
    ],
)
def test_error_frames_speak_the_persons_language(people, general, preferred, accept, expected):
    citizen = people["citizen"]
    citizen.preferred_language = preferred
    citizen.save(update_fields=["preferred_language"])

    async def scenario():
        socket = await open_socket(citizen, general.pk, accept_language=accept)
        await send(socket, {"type": "sync", "after": -1})
        assert expected in (await receive(socket, "error"))["message"]
        await socket.disconnect()

    run(scenario)


@pytest.mark.django_db(transaction=True)
def test_sync_past_the_bound_asks_for_a_reload(layer, people, general):
    english(people["citizen"])
    limit = selectors.SYNC_LIMIT
    Message.objects.bulk_create(
        [Message(channel=general, author=people["engaged"], body=f"m{n}", seq=n + 1) for n in range(limit + 1)]
    )
    Channel.objects.filter(pk=general.pk).update(last_seq=limit + 1)

    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        # limit + 1 changes missed: reload rather than hundreds of messages.
        await send(socket, {"type": "sync", "after": 0})
        frame = await receive(socket, "reload")
        assert frame["after"] == 0 and "reload the page" in frame["message"]
        assert "messages" not in frame
        # Exactly the limit: answered.
        await send(socket, {"type": "sync", "after": 1})
        frame = await receive(socket, "sync")
        assert len(frame["messages"]) == limit and frame["last_seq"] == limit + 1
        # A number beyond the channel's (an old page, a restored database): reload.
        await send(socket, {"type": "sync", "after": limit + 2})
        assert (await receive(socket, "reload"))["after"] == limit + 2
        await still_open(socket, limit + 1)
        await socket.disconnect()

    run(scenario)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "frame, code",
    [
        ({"type": "sync"}, "bad_request"),
        ({"type": "sync", "after": -1}, "bad_request"),
        ({"type": "sync", "after": "3"}, "bad_request"),
        ({"type": "sync", "after": 2.5}, "bad_request"),
        ({"type": "sync", "after": True}, "bad_request"),
        ({"type": "sync", "after": None}, "bad_request"),
        ({"type": "sync", "after": [1]}, "bad_request"),
        ({"type": "sync", "after": 2**63}, "bad_request"),
        ({"type": "sync", "after": 1, "limit": 5000}, "unknown_field"),
        ({"type": "sync", "after": 1, "channel": 0}, "wrong_channel"),
    ],
)
def test_bad_syncs_get_an_error_and_the_socket_stays_open(layer, people, general, frame, code):
    english(people["citizen"])
    services.message_post(channel=general, author=people["engaged"], body="un")

    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        await send(socket, frame)
        error = await receive(socket, "error")
        assert error["code"] == code and error["message"]
        if code == "bad_request" and "after" in frame:
            assert "change number" in error["message"]
        assert [f for f in socket.stash if f["type"] == "sync"] == []
        # The socket still answers a good sync.
        await send(socket, {"type": "sync", "after": 0})
        assert [m["body"] for m in (await receive(socket, "sync"))["messages"]] == ["un"]
        await socket.disconnect()

    run(scenario)


@pytest.mark.django_db(transaction=True)
def test_sync_checks_the_channel_rule_again(layer, people, community, engaged_channel):
    """Moved out of the circle without any broadcast telling the socket: the
    sync itself refuses, sends nothing of the channel and closes with 4403."""
    services.message_post(channel=engaged_channel, author=people["gardener"], body="secret")

    async def scenario():
        socket = await open_socket(people["engaged"], engaged_channel.pk)
        await db_async(
            Membership.objects.filter(community=community, user=people["engaged"]).update
        )(circle=Circle.CITIZENS)
        await send(socket, {"type": "sync", "after": 0})
        assert (await receive(socket, "error"))["code"] == "forbidden"
        assert await closed_with(socket) == 4403
        assert [f for f in socket.stash if f["type"] == "sync"] == []
        await socket.disconnect()

    run(scenario)
