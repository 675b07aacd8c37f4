"""Channels at their edges: the general channel's name and its one row, a
name free or taken (case ignored, this community only, even when taken
between the check and the write), each refusal's code and words, and the
broadcast that tells open pages, after commit and only when something changed."""

import pytest
from django.utils import translation

from communities.models import Circle
from discussions import services
from discussions.models import Channel
from tests.refusals import refusals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


BAD_CHARACTERS = ("This text holds characters that cannot be stored (a NUL byte or a broken "
                  "character). Remove them and try again.")


@pytest.fixture
def committed(django_capture_on_commit_callbacks, sent):
    """Run a write as if committed; return what it broadcast."""

    def run(call):
        sent.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = call()
        return result, list(sent)

    return run


def changed(channel) -> list:
    return [(channel.group_name, {"type": "channel.changed", "channel_id": channel.pk})]


# The general channel --------------------------------------------------------------

def test_the_general_channel_is_named_in_the_sites_language_and_open_to_all(
        community, settings):
    settings.LANGUAGE_CODE = "fr"
    with translation.override("en"):
        general = services.general_channel_ensure(community=community)
    stored = Channel.objects.get()
    assert (stored, stored.name, stored.is_general, stored.min_circle) == (
        general, "Général", True, Circle.CITIZENS)


def test_the_general_channel_takes_the_first_free_number(community, settings):
    settings.LANGUAGE_CODE = "fr"
    Channel.objects.create(community=community, name="général")
    assert services.general_channel_ensure(community=community).name == "Général 2"


def test_the_general_channel_once_there_is_one_query(community, django_assert_num_queries):
    general = services.general_channel_ensure(community=community)
    with django_assert_num_queries(1):
        assert services.general_channel_ensure(community=community) == general


def test_the_general_channel_takes_the_next_free_number(community, other_community, settings):
    settings.LANGUAGE_CODE = "fr"
    Channel.objects.create(community=community, name="GéNéRAL")
    Channel.objects.create(community=community, name="général 2")
    Channel.objects.create(community=other_community, name="Général 3")
    assert services.general_channel_ensure(community=community).name == "Général 3"


def test_each_community_has_its_own_general_channel(community, other_community):
    here = services.general_channel_ensure(community=community)
    there = services.general_channel_ensure(community=other_community)
    assert here != there and there.community == other_community
    assert services.general_channel_ensure(community=community) == here
    assert Channel.objects.count() == 2


def test_a_general_channel_created_meanwhile_is_the_one_returned(community, other_community,
                                                                 monkeypatch):
    """Two first visits at once: the loser's insert breaks the one-general rule
    and it returns the winner's channel."""
    Channel.objects.create(community=other_community, name="Général", is_general=True)
    Channel.objects.create(community=community, name="Graines")
    winner = Channel.objects.create(community=community, name="Général", is_general=True)
    real_filter = Channel.objects.filter
    calls = []

    def not_seen_at_first(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return Channel.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Channel.objects, "filter", not_seen_at_first)
    assert services.general_channel_ensure(community=community) == winner
    assert real_filter(community=community).count() == 2


# Creating --------------------------------------------------------------------------

def test_a_channel_is_created_as_asked(community, people):
    channel = services.channel_create(community=community, name="  Graines  ", min_circle="2",
                                      actor=people["gardener"])
    stored = Channel.objects.get()
    assert (stored, stored.community, stored.name, stored.min_circle, stored.created_by,
            stored.is_general) == (channel, community, "Graines", Circle.INFORMED,
                                   people["gardener"], False)


def test_a_name_of_80_characters_is_kept_and_81_refused(community, people):
    assert refusals(lambda: services.channel_create(
        community=community, name="n" * 81, min_circle=1, actor=people["gardener"])) == [
        (None, "Keep it under 80 characters (this one has 81).", "too_long")]
    assert services.channel_create(community=community, name="n" * 80, min_circle=1,
                                   actor=people["gardener"]).name == "n" * 80


@pytest.mark.parametrize(("name", "circle", "code", "words"), [
    (None, 1, "required", "Give the channel a name."),
    ("Ok\x00", 1, "bad_characters", BAD_CHARACTERS),
    ("Ok", 0, "bad_circle", "Choose one of the three circles."),
    ("Ok", 4, "bad_circle", "Choose one of the three circles."),
    ("Ok", None, "bad_circle", "Choose one of the three circles."),
])
def test_bad_input_is_refused_with_its_code(community, people, name, circle, code, words):
    assert refusals(lambda: services.channel_create(
        community=community, name=name, min_circle=circle, actor=people["gardener"])) == [
        (None, words, code)]
    assert not Channel.objects.exists()


def test_a_name_taken_here_is_refused_whatever_its_case_not_one_taken_elsewhere(
        community, other_community, people):
    Channel.objects.create(community=community, name="Graines")
    Channel.objects.create(community=other_community, name="Semis")
    assert refusals(lambda: services.channel_create(
        community=community, name="GRAINES", min_circle=1, actor=people["gardener"])) == [
        (None, "This community already has a channel called “GRAINES”.", "name_taken")]
    assert services.channel_create(community=community, name="Semis", min_circle=1,
                                   actor=people["gardener"]).name == "Semis"


# Changing -------------------------------------------------------------------------

def test_a_rename_is_saved_and_open_pages_are_told(informed_channel, people, committed):
    channel, told = committed(lambda: services.channel_update(
        channel=informed_channel, name=" Graines ", min_circle=Circle.ENGAGED,
        actor=people["gardener"]))
    stored = Channel.objects.get(pk=informed_channel.pk)
    assert (channel.name, stored.name, stored.min_circle) == (
        "Graines", "Graines", Circle.ENGAGED)
    assert told == changed(stored)


def test_its_own_name_in_another_case_is_free(informed_channel, people):
    services.channel_update(channel=informed_channel, name="INFORMÉS",
                            min_circle=Circle.INFORMED, actor=people["gardener"])
    assert Channel.objects.get(pk=informed_channel.pk).name == "INFORMÉS"


def test_another_channels_name_is_refused_nothing_changes_nobody_is_told(
        informed_channel, engaged_channel, people, committed, sent):
    assert refusals(lambda: committed(lambda: services.channel_update(
        channel=informed_channel, name="noyau", min_circle=Circle.ENGAGED,
        actor=people["gardener"]))) == [
        (None, "This community already has a channel called “noyau”.", "name_taken")]
    stored = Channel.objects.get(pk=informed_channel.pk)
    assert (stored.name, stored.min_circle) == ("Informés", Circle.INFORMED)
    assert sent == []


def test_a_name_taken_in_another_community_is_free(informed_channel, other_community, people):
    Channel.objects.create(community=other_community, name="Semis")
    services.channel_update(channel=informed_channel, name="Semis",
                            min_circle=Circle.INFORMED, actor=people["gardener"])
    assert Channel.objects.get(pk=informed_channel.pk).name == "Semis"


def test_the_general_channel_may_be_renamed_but_stays_open_to_all(general, people):
    for circle in (Circle.INFORMED, Circle.ENGAGED):
        assert refusals(lambda circle=circle: services.channel_update(
            channel=general, name="Tous", min_circle=circle, actor=people["gardener"])) == [
            (None, "The general channel stays open to every member.", "general_open")]
    assert Channel.objects.get(pk=general.pk).name == general.name
    services.channel_update(channel=general, name="Tous", min_circle=Circle.CITIZENS,
                            actor=people["gardener"])
    stored = Channel.objects.get(pk=general.pk)
    assert (stored.name, stored.min_circle, stored.is_general) == (
        "Tous", Circle.CITIZENS, True)


# Archiving -------------------------------------------------------------------------

def test_archiving_and_reopening_tell_open_pages(informed_channel, people, committed):
    _channel, told = committed(lambda: services.channel_archive(
        channel=informed_channel, actor=people["gardener"]))
    assert Channel.objects.get(pk=informed_channel.pk).archived_at is not None
    assert told == changed(informed_channel)
    _channel, told = committed(lambda: services.channel_unarchive(
        channel=informed_channel, actor=people["gardener"]))
    assert Channel.objects.get(pk=informed_channel.pk).archived_at is None
    assert told == changed(informed_channel)


def test_archiving_twice_or_reopening_an_open_channel_is_refused_and_tells_nobody(
        informed_channel, people, committed):
    assert refusals(lambda: committed(lambda: services.channel_unarchive(
        channel=informed_channel, actor=people["gardener"]))) == [
        (None, "This channel is not archived.", "not_archived")]
    committed(lambda: services.channel_archive(channel=informed_channel,
                                               actor=people["gardener"]))
    first = Channel.objects.get(pk=informed_channel.pk).archived_at
    assert refusals(lambda: committed(lambda: services.channel_archive(
        channel=informed_channel, actor=people["gardener"]))) == [
        (None, "This channel is already archived.", "already_archived")]
    assert Channel.objects.get(pk=informed_channel.pk).archived_at == first


def test_the_general_channel_is_never_archived(general, people):
    assert refusals(lambda: services.channel_archive(
        channel=general, actor=people["gardener"])) == [
        (None, "The general channel cannot be archived.", "general_archive")]
    assert Channel.objects.get(pk=general.pk).archived_at is None


def test_the_callers_stale_channel_is_read_again(informed_channel, people):
    """The object a page holds may be old: the row is read again, locked."""
    stale = Channel.objects.get(pk=informed_channel.pk)
    services.channel_archive(channel=informed_channel, actor=people["gardener"])
    assert refusals(lambda: services.channel_archive(
        channel=stale, actor=people["gardener"])) == [
        (None, "This channel is already archived.", "already_archived")]
    services.channel_unarchive(channel=informed_channel, actor=people["gardener"])
    assert refusals(lambda: services.channel_unarchive(
        channel=stale, actor=people["gardener"])) == [
        (None, "This channel is not archived.", "not_archived")]
