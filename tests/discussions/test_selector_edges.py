"""The reads of the discussions at their edges: who is told of a message, whose
mentions and mutes a page lists, where a page of history ends, and what the
figures count (discussions/selectors.py)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Circle, Community
from discussions import selectors, services
from discussions.models import Channel, Mention, Message, Mute, ReadState
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def limits(queries) -> list[int]:
    """The outer LIMIT of each query: how many rows each may bring back (an
    `exists` reads one)."""
    return [int(re.search(r"LIMIT (\d+)\s*$", q["sql"])[1]) for q in queries]


# --- Who a message reaches -----------------------------------------------------------


def test_a_channels_audience_is_its_communitys_members_of_its_circles_and_its_pair(
        community, other_community, people, general, engaged_channel):
    elsewhere = MembershipFactory(community=other_community, circle=Circle.ENGAGED).user

    audience = set(selectors.channel_audience(engaged_channel))

    # A member of another community, even in the same circle, is not told.
    assert elsewhere not in audience
    assert people["other_gardener"] not in audience
    assert audience == {people["engaged"], people["gardener"], people["institution_gardener"]}
    assert elsewhere not in set(selectors.channel_audience(general))


# --- What a person's pages list ---------------------------------------------------------


def test_unseen_mentions_are_the_persons_own_not_yet_seen_in_live_messages_newest_first(
        community, general, people, make_message, django_assert_num_queries):
    me, other = people["informed"], people["engaged"]
    older = make_message(general, other, "@moi, tu viens ?")
    newer = make_message(general, other, "@moi, et demain ?")
    seen = make_message(general, other, "@moi, vu ?")
    deleted = make_message(general, other, "@moi, effacé", deleted_at=timezone.now())
    for message in (older, newer, deleted):
        Mention.objects.create(message=message, user=me)
    Mention.objects.create(message=seen, user=me, seen_at=timezone.now())
    Mention.objects.create(message=older, user=other)

    with django_assert_num_queries(1):
        lines = [(m.message_id, m.message.author.display_name, m.message.channel.community.name)
                 for m in selectors.unseen_mentions(user=me)]

    assert lines == [(newer.pk, other.display_name, community.name),
                     (older.pk, other.display_name, community.name)]


def test_the_running_mutes_of_this_community_ending_soonest_first(
        community, other_community, people, django_assert_num_queries):
    now = timezone.now()
    late = Mute.objects.create(community=community, user=people["citizen"], by=people["gardener"],
                               until=now + timedelta(days=3), reason="Insultes.")
    soon = Mute.objects.create(community=community, user=people["informed"],
                               by=people["gardener"], until=now + timedelta(hours=1),
                               reason="Publicité.")
    Mute.objects.create(community=community, user=people["engaged"], by=people["gardener"],
                        until=now - timedelta(minutes=1), reason="Terminé.")
    Mute.objects.create(community=other_community, user=people["engaged"],
                        by=people["other_gardener"], until=now + timedelta(days=1),
                        reason="Ailleurs.")

    with django_assert_num_queries(1):
        lines = [(m.pk, m.user.display_name, m.by.display_name)
                 for m in selectors.active_mutes(community=community)]

    assert lines == [(soon.pk, people["informed"].display_name, people["gardener"].display_name),
                     (late.pk, people["citizen"].display_name, people["gardener"].display_name)]


def test_channels_open_first_the_general_one_first_then_by_name(community, people):
    archived = Channel.objects.create(community=community, name="Ancien",
                                      archived_at=timezone.now())
    zebra = Channel.objects.create(community=community, name="Zèbres")
    bees = Channel.objects.create(community=community, name="Abeilles")
    general = services.general_channel_ensure(community=community)

    listed = selectors.channels_with_unread(user=people["gardener"], community=community)

    assert [c.pk for c in listed] == [general.pk, bees.pk, zebra.pk, archived.pk]


def test_unread_never_goes_below_zero(community, general, people, make_message):
    make_message(general, people["engaged"])
    # A hide racing a read can leave the seen count above the channel's count.
    ReadState.objects.create(channel=general, user=people["citizen"], seen_count=5)

    (channel,) = selectors.channels_with_unread(user=people["citizen"], community=community)

    assert channel.unread == 0


# --- Where a page of history ends -------------------------------------------------------


@pytest.fixture
def nine(general, people, make_message):
    """A message of another channel, nine of the general one, another of the other."""
    other = Channel.objects.create(community=general.community, name="À côté")
    before = make_message(other, people["engaged"])
    ids = [make_message(general, people["citizen"], f"message {i}").pk for i in range(9)]
    after = make_message(other, people["engaged"])
    return ids, before.pk, after.pk


def page_of(general, **anchors):
    with CaptureQueriesContext(connection) as queries:
        page = selectors.channel_history(channel=general, limit=4, **anchors)
    return [m.pk for m in page.messages], page.has_older, page.has_newer, limits(queries)


def test_the_latest_page_says_older_ones_exist_only_when_they_do(
        general, people, make_message):
    ids = [make_message(general, people["citizen"]).pk for _ in range(4)]
    assert page_of(general) == (ids, False, False, [5])
    ids.append(make_message(general, people["citizen"]).pk)
    assert page_of(general) == (ids[1:], True, False, [5])


def test_a_page_before_a_message_ends_at_the_first(general, nine):
    ids, _, after_all = nine
    assert page_of(general, before=ids[8]) == (ids[4:8], True, True, [5, 1])
    # Exactly a page left: nothing older.
    assert page_of(general, before=ids[4]) == (ids[:4], False, True, [5, 1])
    # Newer means newer in this channel: another channel's later message is not.
    assert page_of(general, before=after_all) == (ids[5:], True, False, [5, 1])


def test_a_page_after_a_message_ends_at_the_last(general, nine):
    ids, before_all, _ = nine
    assert page_of(general, after=ids[0]) == (ids[1:5], True, True, [5, 1])
    # Exactly a page left: nothing newer.
    assert page_of(general, after=ids[4]) == (ids[5:], True, False, [5, 1])
    # Older means older in this channel: another channel's earlier message is not.
    assert page_of(general, after=before_all) == (ids[:4], False, True, [5, 1])


def test_a_page_around_a_message_ends_where_the_channel_does(general, nine):
    ids, _, _ = nine
    # Half a page each side (2), one more row read to know if more lies beyond.
    assert page_of(general, around=ids[4]) == (ids[2:6], True, True, [3, 3])
    assert page_of(general, around=ids[2]) == (ids[0:4], False, True, [3, 3])
    assert page_of(general, around=ids[7]) == (ids[5:9], True, False, [3, 3])
    assert page_of(general, around=ids[6]) == (ids[4:8], True, True, [3, 3])


def test_a_negative_anchor_is_no_anchor_but_zero_is_before_everything(general, nine):
    ids, _, _ = nine
    assert page_of(general, before="-3") == (ids[5:], True, False, [5])
    assert page_of(general, before="0")[:3] == ([], False, True)
    assert page_of(general, after="0")[:3] == (ids[:4], False, True)


# --- What a client missed -----------------------------------------------------------------


def test_an_empty_channel_is_at_change_zero(general):
    assert selectors.channel_last_seq(channel=general) == 0
    assert selectors.changes_after(channel=general, after=0) == selectors.Changes(last_seq=0)
    assert selectors.changes_after(channel=general, after=1) == selectors.Changes(
        last_seq=0, complete=False)


def test_too_many_changes_or_an_unknown_number_asks_for_a_reload(general, people, make_message):
    ids = [make_message(general, people["citizen"]).pk for _ in range(5)]

    with CaptureQueriesContext(connection) as queries:
        changes = selectors.changes_after(channel=general, after=1, limit=4)
    assert [m.pk for m in changes.messages] == ids[1:]
    assert (changes.last_seq, changes.complete, limits(queries)[-1]) == (5, True, 5)

    assert selectors.changes_after(channel=general, after=0, limit=4) == selectors.Changes(
        last_seq=5, complete=False)
    assert selectors.changes_after(channel=general, after=6, limit=4) == selectors.Changes(
        last_seq=5, complete=False)


# --- What the dashboards count ---------------------------------------------------------


def test_activity_counts_this_communitys_messages_since_then_and_each_author_once(
        community, other_community, general, people, make_message):
    since = timezone.now() - timedelta(days=30)
    quiet_z = Channel.objects.create(community=community, name="Zèbres")
    quiet_a = Channel.objects.create(community=community, name="Abeilles")
    old = make_message(general, people["informed"])
    Message.objects.filter(pk=old.pk).update(created_at=since - timedelta(days=1))
    make_message(general, people["citizen"])
    make_message(general, people["citizen"])
    make_message(general, people["engaged"])
    make_message(quiet_a, people["citizen"], deleted_at=timezone.now())
    elsewhere = services.general_channel_ensure(community=other_community)
    make_message(elsewhere, UserFactory())

    activity = selectors.channel_activity(community=community, since=since, limit=5,
                                          user=people["gardener"])

    assert [(c.pk, c.recent_messages, c.recent_posters) for c in activity.channels] == [
        (general.pk, 3, 2), (quiet_a.pk, 0, 0), (quiet_z.pk, 0, 0)]
    assert (activity.messages, activity.posters) == (3, 2)
    assert selectors.channel_activity(community=community, since=since, limit=1,
                                      user=people["gardener"]).channels == [general]


def test_messages_per_community_is_zero_for_a_silent_one(
        community, other_community, general, people, make_message):
    make_message(general, people["citizen"])
    since = timezone.now() - timedelta(days=1)
    old = make_message(general, people["citizen"])
    Message.objects.filter(pk=old.pk).update(created_at=since - timedelta(hours=1))
    make_message(general, people["citizen"], deleted_at=timezone.now())

    counts = dict(Community.objects.annotate(**selectors.messages_per_community(since=since))
                  .values_list("pk", "messages"))

    assert counts == {community.pk: 1, other_community.pk: 0}


# --- The header's "Channels" -----------------------------------------------------------


def test_my_channels_by_community_name_general_first_with_my_unread_counts(
        community, other_community, people, make_message):
    from roles.models import GardenerPair

    gardener = people["gardener"]
    # The territory gardener of this community is also the other's: two pairs.
    GardenerPair.objects.filter(community=other_community).update(territory_gardener=gardener)
    here = services.general_channel_ensure(community=community)
    zebra = Channel.objects.create(community=community, name="Zèbres")
    bees = Channel.objects.create(community=community, name="Abeilles")
    there = services.general_channel_ensure(community=other_community)
    Channel.objects.filter(community=other_community).exclude(pk=there.pk).delete()
    for _ in range(3):
        make_message(bees, people["engaged"])
    ReadState.objects.update_or_create(channel=bees, user=gardener,
                                       defaults={"seen_count": 1})
    ReadState.objects.update_or_create(channel=bees, user=people["engaged"],
                                       defaults={"seen_count": 3})

    lines = [(line.community.pk, [(c.pk, c.unread) for c in line.channels])
             for line in selectors.my_channels(user=gardener)]

    # "Alimentation durable" before "Biodiversité"; in each, the general channel first.
    assert lines == [(other_community.pk, [(there.pk, 0)]),
                     (community.pk, [(here.pk, 0), (bees.pk, 2), (zebra.pk, 0)])]
