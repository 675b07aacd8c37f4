"""The checks every discussion write shares, and the marks of what a person
has seen, at their edges (discussions/services/_common.py, reading.py): a
mute holds for its member in its community and nowhere else, the rate limit's
window and wait are counted to the second, a cache that is down is logged
and lets the message through, and marking mentions seen marks one's own."""

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from django.utils import timezone

from discussions import services
from discussions.models import Mention
from discussions.services import _common
from tests.factories import MembershipFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(in_english):
    """Messages are read in English here (tests/conftest.py)."""


# --- Mutes -----------------------------------------------------------------------------------


def test_a_mute_holds_for_its_member_in_its_community_only(general, people, other_community):
    citizen = people["citizen"]
    services.member_mute(community=general.community, user=citizen, actor=people["gardener"],
                         duration=dt.timedelta(days=1), reason="Propos blessants")
    MembershipFactory(community=other_community, user=citizen)
    elsewhere = services.general_channel_ensure(community=other_community)

    assert services.message_post(channel=elsewhere, author=citizen, body="Ici, je peux")
    assert services.message_post(channel=general, author=people["engaged"], body="Moi aussi")
    assert [code for *_, code in refusals(lambda: services.message_post(
        channel=general, author=citizen, body="Et là ?"))] == ["muted"]


def test_the_muted_member_is_told_until_when_and_why_in_their_time_zone(general, people):
    citizen = people["citizen"]
    mute = services.member_mute(community=general.community, user=citizen,
                                actor=people["gardener"], duration=dt.timedelta(days=1),
                                reason="Propos blessants")
    until = dt.datetime(2027, 3, 1, 17, 5, tzinfo=dt.UTC)  # 18:05 in Paris
    type(mute).objects.filter(pk=mute.pk).update(until=until)

    assert refusals(lambda: services.message_post(channel=general, author=citizen,
                                                  body="Et là ?")) == [
        (None, ("A gardener muted you in this community until 01/03/2027 18:05: "
               "Propos blessants"), "muted")]


def test_the_refusal_names_the_members_own_mute_in_that_community(general, people,
                                                                 other_community):
    """Not another member's mute in the same community (their reason is
    theirs), nor the member's own in another community."""
    citizen = people["citizen"]
    MembershipFactory(community=other_community, user=citizen)

    def mute(community, user, days, reason):
        mute = services.member_mute(community=community, user=user, actor=people["staff"],
                                    duration=dt.timedelta(days=1), reason=reason)
        type(mute).objects.filter(pk=mute.pk).update(
            until=dt.datetime(2027, 3, days, 9, 0, tzinfo=dt.UTC))

    mute(general.community, citizen, 1, "Le sien ici")
    mute(other_community, citizen, 5, "Le sien ailleurs")
    mute(general.community, people["engaged"], 9, "Celui d'un autre")

    assert refusals(lambda: services.message_post(channel=general, author=citizen,
                                                  body="Et là ?")) == [
        (None, "A gardener muted you in this community until 01/03/2027 10:00: Le sien ici",
         "muted")]
    assert services.active_mute(community=general.community, user=citizen).reason == (
        "Le sien ici")


def test_an_archived_channel_refuses_in_words(archived_channel, people):
    assert refusals(lambda: services.message_post(channel=archived_channel,
                                                  author=people["citizen"], body="Allô")) == [
        (None, "This channel is archived: it can be read, not written to.", "archived")]


# --- The rate limit, to the second ---------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch, settings):
    """Two messages per 10 seconds, and the limit's clock in the test's hands."""
    settings.DISCUSSIONS_RATE_LIMIT = (2, 10)
    now = [1_000_000.0]
    monkeypatch.setattr(_common, "time", SimpleNamespace(time=lambda: now[0]))
    return now


def _post(channel, author, body="Bonjour"):
    return services.message_post(channel=channel, author=author, body=body)


def test_the_window_ends_exactly_its_length_after_the_first_message(general, people, clock):
    citizen = people["citizen"]
    _post(general, citizen)
    _post(general, citizen)
    clock[0] += 9.9
    assert [code for *_, code in refusals(lambda: _post(general, citizen))] == ["rate_limited"]

    clock[0] += 0.1  # 10 s after both: they have left the window
    assert _post(general, citizen)


def test_the_wait_is_counted_from_the_oldest_message_in_the_window(general, people, clock):
    citizen = people["citizen"]
    _post(general, citizen)
    clock[0] += 2
    _post(general, citizen)
    clock[0] += 1  # 3 s after the first: 7 s left, said as 8 (rounded up)

    assert refusals(lambda: _post(general, citizen)) == [
        (None, ("You are sending messages too fast (at most 2 in 10 seconds). "
               "Wait 8 seconds and try again."), "rate_limited")]


def test_the_wait_is_never_said_as_less_than_one_second(general, people, clock):
    citizen = people["citizen"]
    _post(general, citizen)
    _post(general, citizen)
    clock[0] += 9.5

    assert refusals(lambda: _post(general, citizen)) == [
        (None, ("You are sending messages too fast (at most 2 in 10 seconds). "
               "Wait 1 second and try again."), "rate_limited")]


def test_the_posts_are_kept_twice_the_window(general, people, settings):
    from tests.discussions.test_message_edges import seconds_kept

    settings.DISCUSSIONS_RATE_LIMIT = (5, 300)
    citizen = people["citizen"]
    _post(general, citizen)

    assert 590 < seconds_kept(_common._rate_key(general.community_id, citizen.pk)) <= 600


def test_a_cache_that_is_down_lets_the_message_through_and_is_logged_twice(
        general, people, settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "terreau.cache.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens
    with caplog.at_level(logging.WARNING, logger=_common.logger.name):
        assert _post(general, people["citizen"], body="Malgré tout")

    logged = [(r.getMessage(), bool(r.exc_info) and r.exc_info[1] is not None)
              for r in caplog.records if r.name == _common.logger.name]
    assert logged == [("rate limit unavailable", True), ("rate limit unavailable", True)]


# --- What a change costs ----------------------------------------------------------------------


def test_an_edit_reads_its_message_author_and_mentions_in_a_fixed_number_of_queries(
        general, people, django_assert_num_queries):
    citizen = people["citizen"]
    message = _post(general, citizen, body="Bonjour")
    for person in (people["engaged"], people["informed"]):
        Mention.objects.create(message=message, user=person)

    with django_assert_num_queries(8):
        services.message_edit(message=message, actor=citizen, body="Bonjour à vous")


# --- Read marks ---------------------------------------------------------------------------------


def test_a_read_mark_without_a_person_or_a_message_writes_nothing(general, people):
    from django.contrib.auth.models import AnonymousUser

    from discussions.models import ReadState

    message = _post(general, people["citizen"], body="Un")
    ReadState.objects.all().delete()

    services.read_mark(channel=general, user=AnonymousUser(), message_id=message.pk)
    services.read_mark(channel=general, user=people["engaged"], message_id=0)
    services.read_mark(channel=general, user=people["engaged"], message_id=None)
    assert not ReadState.objects.exists()

    services.read_mark(channel=general, user=people["engaged"], message_id=str(message.pk))
    assert list(ReadState.objects.values_list("user", "last_read_message_id")) == [
        (people["engaged"].pk, message.pk)]


# --- Mentions seen -------------------------------------------------------------------------------


def test_marking_mentions_seen_marks_the_persons_own_unseen_ones_asked(general, people):
    engaged, informed = people["engaged"], people["informed"]
    first = _post(general, people["citizen"], body="Un")
    second = _post(general, people["gardener"], body="Deux")
    mine = {m: Mention.objects.create(message=m, user=engaged) for m in (first, second)}
    theirs = Mention.objects.create(message=first, user=informed)
    earlier = timezone.now() - dt.timedelta(days=1)

    assert services.mentions_mark_seen(user=engaged, message_ids=[first.pk]) == 1
    assert Mention.objects.get(pk=mine[first].pk).seen_at is not None
    assert Mention.objects.get(pk=mine[second].pk).seen_at is None
    assert Mention.objects.get(pk=theirs.pk).seen_at is None

    Mention.objects.filter(pk=mine[first].pk).update(seen_at=earlier)
    assert services.mentions_mark_seen(user=engaged) == 1  # all theirs: the one left
    assert Mention.objects.get(pk=mine[first].pk).seen_at == earlier  # seen stays as it was
    assert Mention.objects.get(pk=mine[second].pk).seen_at is not None
    assert Mention.objects.get(pk=theirs.pk).seen_at is None
    assert services.mentions_mark_seen(user=engaged, message_ids=[]) == 0
