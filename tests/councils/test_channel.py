"""The council's own channel (a discussions channel in the community the
council is linked to) is read by the council's seated members only, besides
the community's moderators; a member who leaves loses it, over HTTP and on
an open socket. The agent invites the members into the community."""

import datetime as dt

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from communities.models import Circle
from councils import selectors, services
from councils.hooks import CouncilChannelAccess
from discussions import access
from discussions import selectors as discussion_selectors
from notifications.models import Notification
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

from ..discussions.realtime import closed_with, layer_config, open_socket, receive, send
from .conftest import announce, make_pool


def in_community(community, email, name):
    return MembershipFactory(community=community, circle=Circle.CITIZENS, user=UserFactory(
        email=email, display_name=name, preferred_language="en")).user


@pytest.fixture
def opened(council, agent, community):
    return services.channel_open(council=council, community=community, actor=agent)


@pytest.fixture
def amina(council, residents, community):
    """A member by choice, with an account, in the community."""
    user = in_community(community, "amina@example.org", "Amina")
    services.member_appoint(college=residents, name="Amina", user=user)
    return user


@pytest.fixture
def bruno(community):
    """In the community, not on the council."""
    return in_community(community, "bruno@example.org", "Bruno")


def channel_url(council):
    return council.channel.get_absolute_url()


def test_councils_registers_its_provider():
    assert "councils.council_channel" in [p.name for p in access.providers.all()]


def test_only_the_councils_members_read_its_channel(client, opened, amina, bruno, pair):
    url = channel_url(opened)
    client.force_login(bruno)
    assert client.get(url).status_code == 403
    assert opened.channel not in discussion_selectors.channels_with_unread(
        user=bruno, community=opened.channel.community)
    client.force_login(amina)
    assert client.get(url).status_code == 200
    assert "The council's channel" in client.get("/councils/malakoff/").text
    client.force_login(bruno)
    assert "The council's channel" not in client.get("/councils/malakoff/").text
    # The community's gardeners moderate it, as every channel of theirs.
    client.force_login(pair.territory_gardener)
    assert client.get(url).status_code == 200
    # The audience of a post: the members, not the rest of the community.
    readers = set(opened.channel.community.memberships.filter(
        access.providers.readers(opened.channel)).values_list("user_id", flat=True))
    assert amina.pk in readers and bruno.pk not in readers


def test_a_member_who_leaves_loses_the_channel(client, opened, amina):
    client.force_login(amina)
    assert client.get(channel_url(opened)).status_code == 200
    services.member_withdraw(member=opened.members.get(user=amina))
    assert client.get(channel_url(opened)).status_code == 403
    assert CouncilChannelAccess().may_read(amina, opened.channel) is False


def test_a_drawn_resident_is_recognised_by_the_address_they_volunteered_with(
        client, council, residents, opened, community):
    make_pool(council, 12)
    draw = announce(residents, seats=1, quotas={}, now=timezone.now() - dt.timedelta(days=1))
    draw = services.draw_run(draw=draw)
    drawn = draw.members.get().candidate
    user = in_community(community, drawn.email.upper(), "Tirée au sort")  # signed up later
    assert list(selectors.member_accounts(council)) == [user]
    client.force_login(user)
    assert client.get(channel_url(opened)).status_code == 200
    services.candidate_withdraw(candidate=drawn)
    assert client.get(channel_url(opened)).status_code == 403


def test_a_channel_opens_once(opened, agent, other_community):
    with pytest.raises(ValidationError):
        services.channel_open(council=opened, community=other_community, actor=agent)
    opened.refresh_from_db()
    assert opened.channel.community.slug == "biodiversite"


def test_only_the_agent_opens_the_channel_and_invites(client, council, agent, amina, community):
    client.force_login(amina)
    assert client.get("/councils/malakoff/channel/").status_code == 403
    assert client.post("/councils/malakoff/channel/",
                       {"community": community.pk}).status_code == 403
    assert client.post("/councils/malakoff/channel/invite/").status_code == 403
    council.refresh_from_db()
    assert council.channel is None
    client.force_login(agent)
    assert client.post("/councils/malakoff/channel/",
                       {"community": community.pk}).status_code == 302
    council.refresh_from_db()
    assert council.channel.community == community and council.community == community


def test_the_agent_is_offered_only_the_communities_they_may_reach(client, council, agent,
                                                                  community):
    elsewhere = CommunityFactory(name="Mobilités")  # another direction's
    client.force_login(agent)
    page = client.get("/councils/malakoff/channel/").content.decode()
    assert community.name in page and elsewhere.name not in page
    answer = client.post("/councils/malakoff/channel/", {"community": elsewhere.pk})
    assert answer.status_code == 400
    assert "Select a valid choice." in answer.content.decode()
    council.refresh_from_db()
    assert council.channel is None and council.community is None


def test_the_agent_invites_the_members_not_yet_in_the_community(
        client, opened, agent, amina, residents):
    carla = UserFactory(email="carla@example.org", display_name="Carla")
    services.member_appoint(college=residents, name="Carla", user=carla)
    services.member_appoint(college=residents, name="Sans compte")
    client.force_login(agent)
    client.cookies["django_language"] = "en"
    page = client.get("/councils/malakoff/channel/")
    assert "Carla" in page.text and "1 member has no account" in page.text
    answer = client.post("/councils/malakoff/channel/invite/", follow=True)
    assert "1 members invited; 1 already in the community." in answer.text
    [note] = Notification.objects.filter(kind="council_community_invitation")
    assert note.recipient == carla and note.url == opened.community.get_absolute_url()


def test_inviting_needs_a_community(council, agent):
    with pytest.raises(ValidationError):
        services.members_invite(council=council, actor=agent)
    assert not Notification.objects.exists()


# --- On a socket ----------------------------------------------------------------------------


@pytest.fixture
def memory_layer(settings):
    settings.CHANNEL_LAYERS = layer_config("memory")
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def _withdraw(member):
    with transaction.atomic():
        services.member_withdraw(member=member)


@pytest.mark.django_db(transaction=True)
def test_on_a_socket_a_non_member_is_refused_and_a_leaving_member_is_closed(
        memory_layer, opened, amina, bruno):
    channel_id = opened.channel_id
    member = opened.members.get(user=amina)

    async def scenario():
        refused = await open_socket(bruno, channel_id, connected=False)
        assert await closed_with(refused) == 4403
        await refused.disconnect()
        socket = await open_socket(amina, channel_id)
        await send(socket, {"type": "ping"})
        await receive(socket, "pong")
        await sync_to_async(_withdraw)(member)
        assert await closed_with(socket) == 4403
        await socket.disconnect()

    async_to_sync(scenario)()
