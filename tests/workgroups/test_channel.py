"""A working group's channel: its members and the pair read and post, nobody else
(HTTP, the channel list and unread counts, the WebSocket)."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from django.db import transaction
from django.urls import reverse

from communities.models import Circle
from communities.services import membership_move
from discussions import selectors
from discussions import services as discussions
from discussions.models import Message
from discussions.services import unread
from tests.discussions.realtime import closed_with, layer_config, open_socket, receive, send
from workgroups import services

ROLES = ("anonymous", "citizen", "informed", "engaged", "group_member", "gardener",
         "institution_gardener", "other_gardener", "cultivator", "staff")
# The cultivator reads no channel of a community (the discussions rule): not
# a group's either.
READERS = {"group_member", "gardener", "institution_gardener", "staff"}


def allowed(roles, perm, obj):
    return {role for role in ROLES if roles[role].has_perm(perm, obj)}


@pytest.mark.django_db
def test_only_group_members_and_the_pair_read_and_post(roles, group):
    channel = group.channel
    assert allowed(roles, "discussions.view_channel", channel) == READERS
    assert allowed(roles, "discussions.post_message", channel) == READERS


@pytest.mark.django_db
def test_message_rules_follow_the_group(roles, group, group_member):
    message = Message.objects.create(channel=group.channel, author=group_member, body="Bonjour")
    assert allowed(roles, "discussions.report_message", message) == READERS - {"group_member"}
    assert allowed(roles, "discussions.change_message", message) == {"group_member"}


@pytest.mark.django_db
def test_even_if_the_channel_is_opened_to_every_circle(roles, group):
    """A gardener widening the channel's circle does not open the group's channel."""
    group.channel.min_circle = Circle.CITIZENS
    group.channel.save()
    assert allowed(roles, "discussions.view_channel", group.channel) == READERS


@pytest.mark.django_db
def test_an_ordinary_engaged_channel_is_unchanged(roles, community):
    from discussions.models import Channel

    channel = Channel.objects.create(community=community, name="Noyau", min_circle=Circle.ENGAGED)
    assert allowed(roles, "discussions.view_channel", channel) == {
        "engaged", "group_member", "gardener", "institution_gardener", "staff"
    }


@pytest.mark.django_db
def test_the_channel_list_hides_the_group_channel_from_others(roles, community, group):
    general = discussions.general_channel_ensure(community=community)
    for role, expected in (
        ("engaged", {general.name}),
        ("group_member", {general.name, group.channel.name}),
        ("gardener", {general.name, group.channel.name}),
    ):
        names = {c.name for c in selectors.channels_with_unread(user=roles[role], community=community)}
        assert names == expected, role


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 20])
def test_unread_counts_stay_one_query_with_groups(roles, community, size, django_assert_num_queries):
    user = roles["group_member"]
    for n in range(size):
        g = services.group_create(community=community, actor=roles["gardener"], name=f"Groupe {n}", goal="g", issue="i")
        if n % 2:
            services.member_add(group=g, user=user, actor=roles["gardener"])
        Message.objects.create(channel=g.channel, author=roles["gardener"], body="Bonjour")
    unread.recount()  # rows written without the services: the unread counts set from them
    selectors.visible_channels(user=user, community=community)  # warm the permission caches
    with django_assert_num_queries(1):
        channels = selectors.channels_with_unread(user=user, community=community)
    # The fixture's group, plus every other one of the new ones.
    assert len(channels) == 1 + size // 2
    assert all(c.unread == 1 for c in channels if c.name.startswith("Groupe"))


@pytest.mark.django_db
def test_http_read_and_post(client, login, roles, group, group_member):
    detail = reverse("discussions:detail", kwargs={"slug": "biodiversite", "channel_id": group.channel.pk})
    assert login(roles["engaged"]).get(detail).status_code == 403
    assert client.post(detail, {"body": "Je m'invite"}).status_code == 403
    assert not Message.objects.exists()
    client.logout()
    login(group_member)
    assert client.get(detail).status_code == 200
    client.post(detail, {"body": "Première réunion jeudi ?"})
    assert Message.objects.get().body == "Première réunion jeudi ?"


@pytest.mark.django_db
def test_a_removed_member_loses_the_channel(client, login, roles, group, group_member):
    detail = reverse("discussions:detail", kwargs={"slug": "biodiversite", "channel_id": group.channel.pk})
    services.member_remove(group=group, user=group_member, actor=roles["gardener"])
    assert login(group_member).get(detail).status_code == 403


# --- The socket --------------------------------------------------------------------------


@pytest.fixture
def layer(settings):
    settings.CHANNEL_LAYERS = layer_config("memory")
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def _atomic(function, **kwargs):
    with transaction.atomic():
        function(**kwargs)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["engaged", "cultivator", "citizen"])
def test_socket_refused_to_non_members(layer, roles, group, role):
    async def scenario():
        socket = await open_socket(roles[role], group.channel.pk, connected=False)
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_removal_closes_the_socket_at_once(layer, roles, group, group_member):
    async def scenario():
        socket = await open_socket(group_member, group.channel.pk)
        gardener = await open_socket(roles["gardener"], group.channel.pk)
        await sync_to_async(_atomic)(
            services.member_remove, group=group, user=group_member, actor=roles["gardener"]
        )
        assert await closed_with(socket) == 4403
        await socket.disconnect()
        await send(gardener, {"type": "ping"})
        await receive(gardener, "pong")
        await gardener.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_moving_out_of_the_engaged_circle_closes_the_socket(layer, roles, community, group, group_member):
    async def scenario():
        socket = await open_socket(group_member, group.channel.pk)
        await sync_to_async(_atomic)(
            membership_move, community=community, user=group_member, actor=roles["gardener"],
            to_circle=Circle.INFORMED, reason="Moins disponible",
        )
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db
def test_channel_audience_of_a_group_channel_is_its_members_and_the_pair(roles, community, group, group_member, django_assert_num_queries):
    general = discussions.general_channel_ensure(community=community)
    with django_assert_num_queries(1):
        audience = {u.email for u in selectors.channel_audience(group.channel)}
    assert audience == {group_member.email, roles["gardener"].email, roles["institution_gardener"].email}
    everyone = {u.email for u in selectors.channel_audience(general)}
    assert {roles[r].email for r in ("citizen", "informed", "engaged", "group_member", "gardener")} <= everyone
    assert roles["other_gardener"].email not in everyone


@pytest.mark.django_db
def test_mentions_reach_only_people_who_read_the_group_channel(
    roles, group, group_member, django_capture_on_commit_callbacks
):
    """An engaged member outside the group is not mentioned (nor notified) from its channel."""
    from discussions.models import Mention
    from notifications.models import Notification

    outsider = roles["engaged"]
    outsider_local = outsider.email.split("@")[0]
    with django_capture_on_commit_callbacks(execute=True):
        discussions.message_post(
            channel=group.channel, author=roles["gardener"],
            body=f"@{outsider_local} et @Inès Martin, on se voit jeudi ?",
        )
    assert set(Mention.objects.values_list("user", flat=True)) == {group_member.pk}
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert Notification.objects.filter(recipient=group_member, kind="mention").exists()
