"""The edges of councils/services/members.py, before its mutation run:
channel_open (what it writes, the council's name cut at CHANNEL_NAME_MAX on
either side of 80, each refusal's words and code, a name the community's
channels already use leaving the council as it was), members_invite (its
refusal, the counts it returns, who is notified and with what), seat_ended
(which accounts' sockets are told, and none without a channel) and
accounts_of (each way a member is known by an account)."""

import pytest
from django.utils import timezone

from communities.models import Circle
from councils import services
from councils.models import Council, Member
from councils.services import members
from discussions import broadcast
from discussions.models import Channel
from notifications.models import Notification
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)
from tests.refusals import refusals

from .conftest import make_pool

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

NAME = "Conseil citoyen de Malakoff"


def user(email, name):
    return UserFactory(email=email, display_name=name, preferred_language="en")


def joined(community, account):
    MembershipFactory(community=community, circle=Circle.CITIZENS, user=account)
    return account


def appoint(residents, name, account=None):
    return services.member_appoint(college=residents, name=name, user=account)


def seat_by_lot(council, residents, candidate, account=None):
    """A seat held by a candidate, as a draw writes it."""
    return Member.objects.create(
        council=council, college=residents, mode=Member.Mode.LOT, name=candidate.name,
        candidate=candidate, user=account, joined_at=timezone.now())


def renamed(council, name):
    Council.objects.filter(pk=council.pk).update(name=name)
    return council  # channel_open reads the council again, under its lock


@pytest.fixture
def opened(council, agent, community):
    return services.channel_open(council=council, community=community, actor=agent)


@pytest.fixture
def told(monkeypatch):
    """What seat_ended told discussions: (community id, user id), in order."""
    calls = []
    monkeypatch.setattr(broadcast, "membership_changed",
                        lambda community_id, user_id: calls.append((community_id, user_id)))
    return calls


# channel_open --------------------------------------------------------------------------

def test_opening_links_the_council_and_writes_its_channel(
        council, agent, community, django_assert_num_queries):
    # Whether the agent may reach the community (cultivator? their directions),
    # three savepoints and their releases, the lock, the INSERT, the UPDATE.
    with django_assert_num_queries(11):
        returned = services.channel_open(council=council, community=community, actor=agent)
    channel = Channel.objects.get()
    assert (channel.community, channel.name, channel.min_circle, channel.created_by,
            channel.is_general, channel.archived_at) == (
        community, NAME, Circle.CITIZENS, agent, False, None)
    assert (returned.pk, returned.community, returned.channel) == (council.pk, community, channel)
    stored = Council.objects.get(pk=council.pk)
    assert (stored.community_id, stored.channel_id) == (community.pk, channel.pk)


@pytest.mark.parametrize(("name", "channel_name"), [
    ("x" * 79 + "y", "x" * 79 + "y"),  # 80: kept whole
    ("x" * 80 + "z", "x" * 80),  # 81: its last character dropped
    ("x" * 79 + "y" + "z" * 40, "x" * 79 + "y"),  # 120, the longest a council's name is
    ("x" * 79, "x" * 79),
], ids=["80", "81", "120", "79"])
def test_the_channel_takes_the_first_80_characters_of_the_councils_name(
        council, agent, community, name, channel_name):
    assert members.CHANNEL_NAME_MAX == 80
    opened = services.channel_open(council=renamed(council, name), community=community,
                                   actor=agent)
    assert Channel.objects.get().name == channel_name
    assert opened.channel.name == channel_name
    assert Council.objects.get(pk=council.pk).name == name  # the council keeps its own


def test_a_second_opening_is_refused_naming_the_channels_community(
        council, opened, agent, other_community):
    # `council` is the instance from before the opening: the stored row decides.
    assert council.channel_id is None
    assert refusals(lambda: services.channel_open(
        council=council, community=other_community, actor=agent)) == [
        (None, "The council already has its channel, in Biodiversité.", "channel_open")]
    assert list(Channel.objects.values_list("pk", flat=True)) == [opened.channel_id]
    stored = Council.objects.get(pk=council.pk)
    assert (stored.community_id, stored.channel_id) == (opened.community_id, opened.channel_id)


def test_a_name_the_communitys_channels_use_is_refused_and_nothing_is_written(
        council, agent, community, other_community):
    taken = Channel.objects.create(community=community, name=NAME.upper())
    assert refusals(lambda: services.channel_open(
        council=council, community=community, actor=agent)) == [
        (None, f"This community already has a channel called “{NAME}”.", "name_taken")]
    assert list(Channel.objects.all()) == [taken]
    stored = Council.objects.get(pk=council.pk)
    assert (stored.community_id, stored.channel_id) == (None, None)
    # Nothing was left half-done: the same council opens in another community.
    opened = services.channel_open(council=council, community=other_community, actor=agent)
    assert (opened.community, opened.channel.community) == (other_community, other_community)


def test_the_cut_name_is_the_one_checked_against_the_communitys_channels(
        council, agent, community):
    Channel.objects.create(community=community, name="x" * 80)
    assert refusals(lambda: services.channel_open(
        council=renamed(council, "x" * 80 + "z"), community=community, actor=agent)) == [
        (None, f"This community already has a channel called “{'x' * 80}”.", "name_taken")]
    assert Council.objects.filter(pk=council.pk, channel=None, community=None).exists()


NOT_YOURS = "Open the council's channel in a community of your direction, or one you tend."


def test_a_community_of_another_direction_is_refused_and_nothing_is_written(council, agent):
    elsewhere = CommunityFactory(name="Mobilités")  # a direction of its own
    assert refusals(lambda: services.channel_open(
        council=council, community=elsewhere, actor=agent)) == [
        ("community", NOT_YOURS, "not_addressable")]
    assert not Channel.objects.exists()
    assert Council.objects.filter(pk=council.pk, channel=None, community=None).exists()


def _gardener_of(community, agent):
    GardenerPairFactory(community=community, institution_gardener=agent)
    return agent


def _cultivator(community, agent):
    person = UserFactory()
    DirectionFactory(is_coordinating=True).staff.add(person)
    return person


def _staff(community, agent):
    return UserFactory(is_staff=True)


@pytest.mark.parametrize("who", [_gardener_of, _cultivator, _staff],
                         ids=["its gardener", "the cultivator", "site staff"])
def test_its_gardeners_the_cultivator_and_staff_reach_another_directions_community(
        council, agent, who):
    elsewhere = CommunityFactory(name="Mobilités")
    opened = services.channel_open(council=council, community=elsewhere,
                                   actor=who(elsewhere, agent))
    assert opened.channel.community == elsewhere


# members_invite ------------------------------------------------------------------------

def test_inviting_before_a_community_is_refused_without_a_query(
        council, agent, residents, django_assert_num_queries):
    appoint(residents, "Carla", user("carla@example.org", "Carla"))
    with django_assert_num_queries(0):
        assert refusals(lambda: services.members_invite(council=council, actor=agent)) == [
            (None, "Link the council to a community first.", "no_community")]
    assert not Notification.objects.exists()


@pytest.fixture
def seated(council, residents, community, other_community, agent):
    """Who sits on the council, and who does not, around its community."""
    make_pool(council, 2)
    first, second = council.candidates.order_by("public_id")
    people = {
        "amina": joined(community, user("amina@example.org", "Amina")),  # seated, inside
        "carla": user("carla@example.org", "Carla"),  # seated, outside
        "dora": user(first.email.upper(), "Dora"),  # drawn, known by her address
        "erin": joined(other_community, user("erin@example.org", "Erin")),  # another one's
        "felix": user("felix@example.org", "Felix"),  # left the council
        "bruno": joined(community, user("bruno@example.org", "Bruno")),  # inside, not seated
    }
    joined(community, agent)
    appoint(residents, "Amina", people["amina"])
    appoint(residents, "Carla", people["carla"])
    seat_by_lot(council, residents, first)
    appoint(residents, "Erin", people["erin"])
    services.member_withdraw(member=appoint(residents, "Felix", people["felix"]))
    appoint(residents, "Sans compte")
    seat_by_lot(council, residents, second)  # no account has this address
    return people


def test_the_members_outside_the_community_are_invited_and_counted(
        opened, agent, community, seated, django_assert_num_queries):
    # The accounts, their memberships, the preferences, one INSERT.
    with django_assert_num_queries(4):
        counts = services.members_invite(council=opened, actor=agent)
    assert counts == (3, 1)
    notes = Notification.objects.order_by("recipient__display_name")
    assert [note.recipient for note in notes] == [
        seated["carla"], seated["dora"], seated["erin"]]
    for note in notes:
        assert (note.kind, note.actor, note.community, note.url, note.data) == (
            "council_community_invitation", agent, community, "/communities/biodiversite/",
            {"council": NAME, "community": "Biodiversité"})
    assert community.get_absolute_url() == "/communities/biodiversite/"


def test_the_agent_who_invites_is_not_counted_among_the_invited(
        opened, agent, community, residents):
    """Seated and outside the community, the agent who invites is not told
    of their own act (notify() skips the actor): the count says so too."""
    carla = user("carla@example.org", "Carla")
    appoint(residents, "Agent", agent)
    appoint(residents, "Carla", carla)
    assert services.members_invite(council=opened, actor=agent) == (1, 0)
    assert [note.recipient for note in Notification.objects.all()] == [carla]


def test_nobody_is_invited_when_every_member_is_inside(
        opened, agent, community, residents, django_assert_num_queries):
    for name in ("Amina", "Carla"):
        appoint(residents, name, joined(community, user(f"{name.lower()}@example.org", name)))
    with django_assert_num_queries(2):
        assert services.members_invite(council=opened, actor=agent) == (0, 2)
    assert not Notification.objects.exists()


def test_a_council_without_members_with_an_account_invites_nobody(opened, agent, residents):
    appoint(residents, "Sans compte")
    assert services.members_invite(council=opened, actor=agent) == (0, 0)
    assert not Notification.objects.exists()


# seat_ended ----------------------------------------------------------------------------

def test_a_member_who_leaves_is_told_on_each_of_their_accounts(
        opened, council, residents, community, told):
    make_pool(council, 1)
    [candidate] = council.candidates.all()
    own = user("own@example.org", "Own")
    by_address = user(candidate.email.title(), "By address")
    user("someone@example.org", "Someone else")
    member = seat_by_lot(opened, residents, candidate, own)
    members.seat_ended(member)
    assert sorted(told) == sorted([(community.pk, own.pk), (community.pk, by_address.pk)])


def test_a_member_named_with_an_account_is_told_on_it_once(opened, residents, told):
    amina = user("amina@example.org", "Amina")
    members.seat_ended(appoint(residents, "Amina", amina))
    assert told == [(opened.channel.community_id, amina.pk)]


def test_without_a_channel_nobody_is_told(council, residents, told, django_assert_num_queries):
    member = appoint(residents, "Amina", user("amina@example.org", "Amina"))
    member = Member.objects.select_related("council").get(pk=member.pk)
    with django_assert_num_queries(0):
        members.seat_ended(member)
    assert told == []


def test_a_member_without_an_account_tells_nobody(opened, residents, told):
    user("someone@example.org", "Someone")
    members.seat_ended(appoint(residents, "Sans compte"))
    assert told == []


def test_withdrawing_a_member_tells_their_account(opened, residents, community, told):
    amina = user("amina@example.org", "Amina")
    services.member_withdraw(member=appoint(residents, "Amina", amina))
    assert told == [(community.pk, amina.pk)]


# accounts_of ---------------------------------------------------------------------------

@pytest.fixture
def candidate(council):
    make_pool(council, 1)
    user("someone@example.org", "Someone else")  # never one of the member's accounts
    return council.candidates.get()


def pks(accounts):
    return sorted(account.pk for account in accounts)


def test_a_member_named_with_an_account_is_known_by_it(residents, candidate):
    amina = user("amina@example.org", "Amina")
    assert members.accounts_of(appoint(residents, "Amina", amina)) == [amina]


def test_a_member_with_neither_account_nor_candidacy_has_none(
        residents, candidate, django_assert_num_queries):
    member = appoint(residents, "Sans compte")
    with django_assert_num_queries(0):
        assert members.accounts_of(member) == []


def test_a_candidate_is_known_by_the_address_they_volunteered_with_whatever_its_case(
        council, residents, candidate):
    by_address = user(candidate.email.upper(), "By address")
    assert by_address.email != candidate.email  # stored as typed
    member = seat_by_lot(council, residents, candidate)
    assert members.accounts_of(member) == [by_address]


def test_a_candidate_without_any_account_has_none(council, residents, candidate):
    assert members.accounts_of(seat_by_lot(council, residents, candidate)) == []


def test_a_candidate_is_known_by_their_candidacys_account_too(council, residents, candidate):
    own = user("own@example.org", "Own")
    candidate.user = own
    candidate.save(update_fields=["user"])
    member = seat_by_lot(council, residents, candidate)
    assert members.accounts_of(member) == [own]
    by_address = user(candidate.email, "By address")
    assert pks(members.accounts_of(member)) == pks([own, by_address])


def test_every_account_of_a_member_at_once(council, residents, candidate):
    named = user("named@example.org", "Named")
    own = user("own@example.org", "Own")
    by_address = user(candidate.email, "By address")
    candidate.user = own
    candidate.save(update_fields=["user"])
    member = seat_by_lot(council, residents, candidate, named)
    assert pks(members.accounts_of(member)) == pks([named, own, by_address])
