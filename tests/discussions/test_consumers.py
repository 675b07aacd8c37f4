"""The channel socket through terreau.asgi's real router, on both layers.

Every scenario runs on the in-memory layer and on Redis (the `redis_url`
fixture: skipped on a laptop without Redis, failing under CI).
"""

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.utils import timezone

from communities.models import Circle, Membership
from communities.services import membership_leave, membership_move
from discussions import services
from discussions.models import Message, Report

from .realtime import closed_with, open_socket, receive, run, send

pytestmark = pytest.mark.django_db(transaction=True)


db_async = sync_to_async


# --- Connecting --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "other_gardener", "cultivator", "citizen"])
def test_refused_connections_close_with_4403(layer, people, engaged_channel, role):
    async def scenario():
        socket = await open_socket(people[role], engaged_channel.pk, connected=False)
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    run(scenario)


def test_unknown_channel_closes_with_4403(layer, people):
    async def scenario():
        socket = await open_socket(people["citizen"], 999999, connected=False)
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    run(scenario)


@pytest.mark.parametrize("role", ["citizen", "gardener", "staff"])
def test_allowed_connections_say_hello(layer, people, general, role):
    async def scenario():
        socket = await open_socket(people[role], general.pk)
        await socket.disconnect()

    run(scenario)


# --- Posting and receiving live ------------------------------------------------------------


def test_post_is_stored_then_delivered_to_everyone(layer, people, general):
    async def scenario():
        alice = await open_socket(people["citizen"], general.pk)
        bob = await open_socket(people["engaged"], general.pk)
        await send(alice, {"type": "post", "body": "Bonjour <b>@engaged</b> https://a.fr", "ref": "r1"})
        posted = await receive(alice, "posted")
        assert posted["ref"] == "r1"
        for socket in (alice, bob):
            frame = await receive(socket, "message")
            assert frame["message"]["id"] == posted["id"]
            assert frame["message"]["body"] == "Bonjour <b>@engaged</b> https://a.fr"
            assert "&lt;b&gt;" in frame["message"]["html"]
            assert '<mark class="mention">@engaged</mark>' in frame["message"]["html"]
            assert '<a href="https://a.fr"' in frame["message"]["html"]
        assert await db_async(Message.objects.filter(pk=posted["id"]).exists)()
        # The mentioned member also gets the in-app notification.
        mention = await receive(bob, "mention")
        assert mention["message"]["id"] == posted["id"]
        await alice.disconnect()
        await bob.disconnect()

    run(scenario)


def test_a_member_of_another_circle_does_not_receive_inner_channels(layer, people, general, engaged_channel):
    async def scenario():
        citizen = await open_socket(people["citizen"], general.pk)
        engaged = await open_socket(people["engaged"], engaged_channel.pk)
        await send(engaged, {"type": "post", "body": "Entre nous"})
        await receive(engaged, "message")
        await send(engaged, {"type": "ping"})
        await receive(engaged, "pong")
        # The citizen's own post in the general channel, sent after the
        # engaged one, is the first message to reach them: the engaged
        # channel's message never does.
        await send(citizen, {"type": "post", "body": "Bonjour à tous", "ref": 1})
        assert (await receive(citizen, "message"))["message"]["body"] == "Bonjour à tous"
        assert [f for f in citizen.stash if f["type"] == "message"] == []
        await citizen.disconnect()
        await engaged.disconnect()

    run(scenario)


def test_edit_and_delete_over_the_socket(layer, people, general):
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        await send(socket, {"type": "post", "body": "Bonjuor"})
        message_id = (await receive(socket, "posted"))["id"]
        await receive(socket, "message")
        await send(socket, {"type": "edit", "id": message_id, "body": "Bonjour"})
        frame = await receive(socket, "message")
        assert frame["message"]["body"] == "Bonjour" and frame["message"]["edited"]
        await send(socket, {"type": "delete", "id": message_id})
        frame = await receive(socket, "message")
        assert frame["message"]["deleted"] and frame["message"]["body"] == ""
        await socket.disconnect()

    run(scenario)


def test_hidden_message_reaches_others_without_its_text(layer, people, general):
    async def scenario():
        author = await open_socket(people["citizen"], general.pk)
        other = await open_socket(people["informed"], general.pk)
        gardener = await open_socket(people["gardener"], general.pk)
        message = await db_async(services.message_post)(channel=general, author=people["citizen"], body="Hors sujet")
        for socket in (author, other, gardener):
            await receive(socket, "message")
        await db_async(services.message_hide)(message=message, actor=people["gardener"], reason="Pas ici")
        mine = (await receive(author, "message"))["message"]
        theirs = (await receive(other, "message"))["message"]
        moderator = (await receive(gardener, "message"))["message"]
        assert (mine["hidden"], mine["body"], mine["hidden_reason"]) == (True, "Hors sujet", "Pas ici")
        assert (theirs["hidden"], theirs["body"], theirs["html"], theirs["hidden_reason"]) == (True, "", "", "")
        assert moderator["body"] == "Hors sujet"
        for socket in (author, other, gardener):
            await socket.disconnect()

    run(scenario)


def test_presence_and_typing(layer, people, general):
    async def scenario():
        alice = await open_socket(people["citizen"], general.pk)
        bob = await open_socket(people["engaged"], general.pk)
        # Alice hears Bob arrive (joins are announced together, a second later).
        while True:
            frame = json.loads(await alice.receive_from(timeout=5))
            if frame["type"] == "presence" and len(frame["people"]) == 2:
                break
        assert {p["id"] for p in frame["people"]} == {people["citizen"].pk, people["engaged"].pk}
        assert frame["count"] == 2
        await send(bob, {"type": "typing"})
        typing = await receive(alice, "typing")
        assert typing["name"] == str(people["engaged"])
        await bob.disconnect()
        while True:
            frame = json.loads(await alice.receive_from(timeout=5))
            if frame["type"] == "presence" and len(frame["people"]) == 1:
                break
        await alice.disconnect()

    run(scenario)


# --- Bad input: an error frame, nothing changed, the socket still works ---------------------


BAD_FRAMES = [
    ("{not json", "bad_json"),
    ("[1, 2]", "bad_json"),
    ('"post"', "bad_json"),
    ('{"type": "shout"}', "unknown_command"),
    ("{}", "unknown_command"),
    ('{"type": "post"}', "bad_request"),
    ('{"type": "post", "body": 12}', "bad_request"),
    ('{"type": "post", "body": ""}', "required"),
    ('{"type": "post", "body": "' + "x" * 4001 + '"}', "too_long"),
    ('{"type": "post", "body": "' + "x" * 20000 + '"}', "too_large"),
    ('{"type": "post", "body": "hé", "ref": {"a": 1}}', "bad_request"),
    ('{"type": "edit", "id": "12", "body": "x"}', "bad_request"),
    ('{"type": "edit", "id": true, "body": "x"}', "bad_request"),
    ('{"type": "edit", "id": 99999999, "body": "x"}', "not_found"),
    ('{"type": "delete", "id": -1}', "bad_request"),
    ('{"type": "sync", "after": "abc"}', "bad_request"),
    ('{"type": "sync", "after": 1e3}', "bad_request"),
    ('{"type": "sync", "after": 99999999999999999999999}', "bad_request"),
    # What once killed the socket with no close frame (an ASGI exception):
    ('{"type": "post", "body": "a\\u0000b"}', "bad_characters"),  # NUL: PostgreSQL refuses it
    ('{"type": "post", "body": "a\\ud800b"}', "bad_characters"),  # a lone surrogate
    ('{"type": "post", "body": "ok", "ref": "\\udfff"}', "bad_characters"),
    ('{"type": "post", "body": "ok", "ref": "a\\u0000"}', "bad_characters"),
    ('{"type": "post", "body": "ok", "ref": "' + "r" * 65 + '"}', "bad_request"),
    ('{"type": "post", "body": "ok", "ref": true}', "bad_request"),
    ('{"type": "edit", "id": 1}', "bad_request"),  # a required field missing
    ('{"type": "edit", "body": "x"}', "bad_request"),
    ('{"type": "delete", "id": 9223372036854775808}', "bad_request"),  # past bigint
    ('{"type": "read", "id": null}', "bad_request"),
    ('{"type": "typing", "body": "x"}', "unknown_field"),
    ('{"type": "ping", "channel": "1"}', "bad_request"),
    ('{"type": "post", "body": "ok", "x": [[1]]}', "unknown_field"),  # shallow enough
    ('{"type": "post", "body": "ok", "x": [[[[1]]]]}', "too_deep"),
    ("[" * 100000 + "]" * 100000, "too_large"),
    ('{"a": ' * 1500 + "1" + "}" * 1500, "bad_json"),  # deeper than the JSON parser goes
    ('{"type": "post", "body": "ok", "admin": true}', "unknown_field"),
    ('{"type": "ping", "\\ud800": 1}', "unknown_field"),
    ('{"type": ["post"]}', "unknown_command"),
]


@pytest.mark.parametrize("text, code", BAD_FRAMES)
def test_bad_frames_get_an_error_and_change_nothing(layer, people, general, text, code):
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        await socket.send_to(text_data=text)
        error = await receive(socket, "error")
        assert error["code"] == code and error["message"]
        assert await db_async(Message.objects.count)() == 0
        # Still usable.
        await send(socket, {"type": "post", "body": "Toujours là"})
        await receive(socket, "posted")
        await socket.disconnect()

    run(scenario)


def test_binary_frames_are_refused(layer, people, general):
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        await socket.send_to(bytes_data=b"\x00\x01")
        assert (await receive(socket, "error"))["code"] == "bad_frame"
        await socket.disconnect()

    run(scenario)


def test_forged_ids_and_other_channels(layer, people, general, engaged_channel, make_message):
    inner = make_message(engaged_channel, people["engaged"], "secret")
    someone_elses = make_message(general, people["engaged"], "à moi")

    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        # A message of a channel the member cannot see, through this socket.
        await send(socket, {"type": "edit", "id": inner.pk, "body": "piraté"})
        assert (await receive(socket, "error"))["code"] == "not_found"
        await send(socket, {"type": "delete", "id": inner.pk})
        assert (await receive(socket, "error"))["code"] == "not_found"
        # Someone else's message in this channel.
        await send(socket, {"type": "edit", "id": someone_elses.pk, "body": "piraté"})
        assert (await receive(socket, "error"))["code"] == "forbidden"
        await send(socket, {"type": "delete", "id": someone_elses.pk})
        assert (await receive(socket, "error"))["code"] == "forbidden"
        # Posting to a channel the member cannot see, naming it in the frame.
        await send(socket, {"type": "post", "body": "intrus", "channel": engaged_channel.pk})
        assert (await receive(socket, "error"))["code"] == "wrong_channel"
        await send(socket, {"type": "sync", "after": 0})
        frame = await receive(socket, "sync")
        assert [m["id"] for m in frame["messages"]] == [someone_elses.pk]
        await socket.disconnect()

    run(scenario)
    assert Message.objects.get(pk=inner.pk).body == "secret"
    assert Message.objects.get(pk=someone_elses.pk).body == "à moi"
    assert Message.objects.count() == 2


def test_rate_limit_and_mute_are_error_frames(layer, people, general, community):
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        for n in range(10):
            await send(socket, {"type": "post", "body": f"n{n}"})
            await receive(socket, "posted")
        await send(socket, {"type": "post", "body": "de trop"})
        error = await receive(socket, "error")
        assert error["code"] == "rate_limited" and "10" in error["message"]
        await socket.disconnect()

        muted = await open_socket(people["informed"], general.pk)
        await db_async(services.member_mute)(
            community=community, user=people["informed"], actor=people["gardener"],
            duration=timezone.timedelta(hours=1), reason="Calme-toi",
        )
        await send(muted, {"type": "post", "body": "Mais !"})
        error = await receive(muted, "error")
        assert error["code"] == "muted" and "Calme-toi" in error["message"]
        await muted.disconnect()

    run(scenario)
    assert Message.objects.count() == 10


def test_edits_and_deletes_share_the_posts_rate_limit(layer, people, general):
    # given a member who posted 4 messages, then edits them: 10 actions in all
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        ids = []
        for n in range(4):
            await send(socket, {"type": "post", "body": f"n{n}"})
            ids.append((await receive(socket, "posted"))["id"])
            await receive(socket, "message")
        for n in range(5):
            await send(socket, {"type": "edit", "id": ids[n % 4], "body": f"edit {n}"})
            assert (await receive(socket, "message"))["message"]["id"] == ids[n % 4]
        await send(socket, {"type": "delete", "id": ids[0]})
        assert (await receive(socket, "message"))["message"]["deleted"]
        # when they act an eleventh time, by an edit or a delete
        await send(socket, {"type": "edit", "id": ids[1], "body": "de trop"})
        assert (await receive(socket, "error"))["code"] == "rate_limited"
        await send(socket, {"type": "delete", "id": ids[2]})
        assert (await receive(socket, "error"))["code"] == "rate_limited"
        await socket.disconnect()
        return ids

    ids = async_to_sync(scenario)()
    # then neither changed anything
    assert Message.objects.get(pk=ids[1]).body == "edit 1"
    assert Message.objects.get(pk=ids[2]).deleted_at is None


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_edits_and_deletes_are_limited_at_the_boundary(layer, people, general, settings, make_message, action):
    # given a limit of 3 actions per minute and a reader on the channel
    settings.DISCUSSIONS_RATE_LIMIT = (3, 60)
    mine = [make_message(general, people["citizen"], f"n{n}") for n in range(4)]

    async def scenario():
        author = await open_socket(people["citizen"], general.pk)
        reader = await open_socket(people["engaged"], general.pk)
        # when the author edits or deletes 3 times, each reaches the reader
        for n, message in enumerate(mine[:3]):
            await send(author, {"type": action, "id": message.pk, "body": f"modifié {n}"}
                       if action == "edit" else {"type": action, "id": message.pk})
            assert (await receive(reader, "message"))["message"]["id"] == message.pk
        # then the 4th is an error frame for the author only
        frame = {"type": action, "id": mine[3].pk}
        if action == "edit":
            frame["body"] = "de trop"
        await send(author, frame)
        error = await receive(author, "error")
        assert error["code"] == "rate_limited" and "3" in error["message"]
        # and nothing was broadcast: the reader's next frame is someone else's post
        await send(reader, {"type": "post", "body": "Après", "ref": "r"})
        assert (await receive(reader, "message"))["message"]["body"] == "Après"
        assert [f for f in reader.stash if f["type"] == "message"] == []
        await author.disconnect()
        await reader.disconnect()

    run(scenario)
    last = Message.objects.get(pk=mine[3].pk)
    assert (last.body, last.edited_at, last.deleted_at) == ("n3", None, None)
    assert Message.objects.filter(author=people["citizen"]).exclude(edited_at=None, deleted_at=None).count() == 3


# --- Losing the right to read closes the socket at once ------------------------------------


def test_leaving_the_community_closes_open_sockets(layer, people, community, general):
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        other = await open_socket(people["informed"], general.pk)
        await db_async(_leave)(community, people["citizen"])
        assert await closed_with(socket) == 4403
        await socket.disconnect()
        # Others stay connected.
        await send(other, {"type": "ping"})
        await receive(other, "pong")
        await other.disconnect()

    run(scenario)


def _leave(community, user):
    from django.db import transaction

    with transaction.atomic():
        membership_leave(community=community, user=user)


def _move(community, user, actor, to_circle):
    from django.db import transaction

    with transaction.atomic():
        membership_move(community=community, user=user, actor=actor, to_circle=to_circle, reason="Changement")


def test_moving_out_of_the_circle_closes_only_that_channel(layer, people, community, general, engaged_channel):
    async def scenario():
        inner = await open_socket(people["engaged"], engaged_channel.pk)
        outer = await open_socket(people["engaged"], general.pk)
        await db_async(_move)(community, people["engaged"], people["gardener"], Circle.CITIZENS)
        assert await closed_with(inner) == 4403
        await inner.disconnect()
        await send(outer, {"type": "ping"})
        await receive(outer, "pong")
        await outer.disconnect()

    run(scenario)


def _informed_behind_the_services(community, user):
    """A circle changed without its service, as a lost event would leave it."""
    Membership.objects.filter(community=community, user=user).update(circle=Circle.INFORMED)


def test_permission_is_rechecked_on_every_command(layer, people, community, engaged_channel):
    """Even if the membership event never arrives, the next command finds out.

    The circle is changed behind the services' back (as a lost event would
    leave it), so only the per-command check can catch it.
    """

    async def scenario():
        socket = await open_socket(people["engaged"], engaged_channel.pk)
        await db_async(_informed_behind_the_services)(community, people["engaged"])
        await send(socket, {"type": "post", "body": "Encore là ?"})
        error = await receive(socket, "error")
        assert error["code"] == "forbidden"
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    run(scenario)
    assert not Message.objects.exists()


def test_ending_a_pair_closes_the_former_gardeners_sockets(layer, people, community,
                                                           engaged_channel, general):
    # The gardener reads the engaged circle's channel as its moderator, not
    # as a member: once the pair is ended, every socket of theirs re-checks.
    from roles.services import pair_end

    async def scenario():
        gardener = await open_socket(people["gardener"], engaged_channel.pk)
        member = await open_socket(people["engaged"], engaged_channel.pk)
        await db_async(pair_end)(community=community, actor=people["staff"])
        assert await closed_with(gardener) == 4403
        await gardener.disconnect()
        await send(member, {"type": "ping"})
        await receive(member, "pong")
        await member.disconnect()

    run(scenario)


@pytest.mark.parametrize("command", ["ping", "typing"])
def test_a_socket_that_only_pings_or_types_finds_out_too(layer, people, community,
                                                        engaged_channel, command):
    # The circle is changed behind the services' back, as a lost event would
    # leave it: a client that posts nothing, only keeps its socket alive or
    # types, is closed all the same.
    async def scenario():
        socket = await open_socket(people["engaged"], engaged_channel.pk)
        await db_async(_informed_behind_the_services)(community, people["engaged"])
        await send(socket, {"type": command})
        assert (await receive(socket, "error"))["code"] == "forbidden"
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    run(scenario)


def test_raising_a_channel_circle_closes_outer_sockets(layer, people, informed_channel):
    async def scenario():
        informed = await open_socket(people["informed"], informed_channel.pk)
        engaged = await open_socket(people["engaged"], informed_channel.pk)
        await db_async(services.channel_update)(
            channel=informed_channel, name=informed_channel.name, min_circle=Circle.ENGAGED,
            actor=people["gardener"],
        )
        assert await closed_with(informed) == 4403
        await informed.disconnect()
        frame = await receive(engaged, "channel")
        assert frame["channel"]["archived"] is False
        await engaged.disconnect()

    run(scenario)


def test_archived_channel_is_read_only_live(layer, people, informed_channel):
    async def scenario():
        socket = await open_socket(people["informed"], informed_channel.pk)
        await db_async(services.channel_archive)(channel=informed_channel, actor=people["gardener"])
        assert (await receive(socket, "channel"))["channel"]["archived"] is True
        await send(socket, {"type": "post", "body": "Hé"})
        assert (await receive(socket, "error"))["code"] == "forbidden"
        await send(socket, {"type": "sync", "after": 0})
        await receive(socket, "sync")
        await socket.disconnect()

    run(scenario)


def test_report_is_not_a_socket_command(layer, people, general):
    async def scenario():
        socket = await open_socket(people["citizen"], general.pk)
        await send(socket, {"type": "report", "id": 1})
        assert (await receive(socket, "error"))["code"] == "unknown_command"
        await socket.disconnect()

    run(scenario)
    assert not Report.objects.exists()
