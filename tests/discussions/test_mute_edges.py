"""Muting a member at its edges (discussions/services/moderation.py): the
duration and the reason on both sides of their limits, who can be muted,
a mute that replaces the one running, what the member is told and what the
audit log keeps, unmuting someone who is not muted, and reporting a message
in words."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from discussions import selectors, services
from discussions.models import Mute
from moderation.models import Reason, Report
from notifications.models import Notification
from tests.concurrency import race
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

NOW = dt.datetime(2027, 3, 10, 14, 30, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
DURATION = "Choose a duration between a few minutes and 90 days."


@pytest.fixture
def now(monkeypatch):
    clock = [NOW]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    return clock


def mute(people, community, *, user=None, actor=None, duration=HOUR, reason="Propos agressifs"):
    return services.member_mute(community=community, user=user or people["citizen"],
                                actor=actor or people["gardener"], duration=duration,
                                reason=reason)


def unmute(people, community, user=None):
    return services.member_unmute(community=community, user=user or people["citizen"],
                                  actor=people["gardener"])


def running(community, user) -> list[tuple]:
    return list(Mute.objects.filter(community=community, user=user, until__gt=timezone.now())
                .values_list("until", "reason"))


def told(user) -> list[tuple]:
    """(kind, data, link, who acted, in which community) of each notification to `user`."""
    return [(n.kind, n.data, n.url, n.actor_id, n.community_id)
            for n in Notification.objects.filter(recipient=user).order_by("pk")]


def logged() -> list[tuple]:
    return [(e.action, e.actor_id, e.target_id, e.community_id, e.details)
            for e in AuditEntry.objects.filter(action__startswith="member.").order_by("pk")]


def nothing_written(people) -> bool:
    return (not Mute.objects.exists() and logged() == []
            and told(people["citizen"]) == [])


# The duration ---------------------------------------------------------------------

@pytest.mark.parametrize("duration", [
    dt.timedelta(0), -HOUR, dt.timedelta(days=90, microseconds=1), "1h", 3600, None])
def test_a_duration_out_of_bounds_is_refused_and_nothing_written(people, community, duration):
    assert refusals(lambda: mute(people, community, duration=duration)) == [
        (None, DURATION, "bad_duration")]
    assert nothing_written(people)


@pytest.mark.parametrize("duration", [dt.timedelta(microseconds=1), dt.timedelta(days=90)])
def test_the_shortest_and_the_longest_durations_are_kept(people, community, now, duration):
    assert mute(people, community, duration=duration).until == NOW + duration


# The reason -----------------------------------------------------------------------

@pytest.mark.parametrize("reason", ["", "   ", None, 12])
def test_a_mute_without_a_reason_is_refused(people, community, reason):
    assert refusals(lambda: mute(people, community, reason=reason)) == [
        (None, "Say why the member is muted: they will read it.", "required")]
    assert nothing_written(people)


def test_a_reason_of_the_limit_is_kept_and_one_more_character_is_refused(people, community):
    assert refusals(lambda: mute(people, community, reason="x" * 1001)) == [
        (None, "Keep it under 1000 characters (this one has 1001).", "too_long")]
    assert nothing_written(people)
    assert mute(people, community, reason=f"  {'y' * 1000}  ").reason == "y" * 1000


def test_a_reason_that_cannot_be_stored_is_refused(people, community):
    assert [code for _f, _w, code in refusals(
        lambda: mute(people, community, reason="Propos\x00"))] == ["bad_characters"]
    assert nothing_written(people)


# Who can be muted -----------------------------------------------------------------

def test_a_gardener_cannot_mute_themself(people, community):
    gardener = people["gardener"]
    MembershipFactory(community=community, user=gardener)
    assert refusals(lambda: mute(people, community, user=gardener, actor=gardener)) == [
        (None, "You cannot mute yourself.", "self_mute")]
    assert not Mute.objects.exists()


def test_a_member_elsewhere_is_not_muted_here(people, community, other_community):
    stranger = UserFactory(display_name="Paul Ailleurs")
    MembershipFactory(community=other_community, user=stranger)
    assert refusals(lambda: mute(people, community, user=stranger)) == [
        (None, "Paul Ailleurs is not a member of Biodiversité.", "not_member")]
    assert not Mute.objects.exists()


# A mute -----------------------------------------------------------------------------

def test_a_mute_keeps_who_until_when_and_why(people, community, now):
    row = mute(people, community, duration=2 * HOUR, reason="  Propos agressifs ")
    stored = Mute.objects.get()
    assert stored == row
    assert (stored.community, stored.user, stored.by, stored.until, stored.reason) == (
        community, people["citizen"], people["gardener"], NOW + 2 * HOUR, "Propos agressifs")


def test_the_member_is_told_until_when_and_why_and_the_log_keeps_no_reason(
        people, community, now):
    mute(people, community, duration=2 * HOUR)
    citizen, gardener = people["citizen"], people["gardener"]
    until = timezone.localtime(NOW + 2 * HOUR).strftime("%d/%m/%Y %H:%M")
    assert told(citizen) == [("discussion_muted", {
        "community": "Biodiversité", "change": "muted", "until": until,
        "reason": "Propos agressifs"}, "/communities/biodiversite/channels/", gardener.pk,
        community.pk)]
    assert logged() == [("member.muted", gardener.pk, str(citizen.pk), community.pk,
                         {"until": (NOW + 2 * HOUR).isoformat()})]


def test_a_new_mute_replaces_the_one_running(people, community, now):
    first = mute(people, community, duration=24 * HOUR, reason="Une fois")
    now[0] = NOW + HOUR
    second = mute(people, community, duration=HOUR, reason="Deux fois")
    first.refresh_from_db()
    assert first.until == NOW + HOUR  # ended when the second began
    assert running(community, people["citizen"]) == [(NOW + 2 * HOUR, "Deux fois")]
    assert list(selectors.active_mutes(community=community)) == [second]
    assert services.active_mute(community=community, user=people["citizen"]) == second


def test_a_new_mute_leaves_an_ended_one_and_one_elsewhere(people, community, other_community,
                                                          now):
    MembershipFactory(community=other_community, user=people["citizen"])
    elsewhere = mute(people, other_community, actor=people["other_gardener"])
    ended = mute(people, community)
    now[0] = NOW + 2 * HOUR
    mute(people, community)
    ended.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (ended.until, elsewhere.until) == (NOW + HOUR, NOW + HOUR)


def test_muting_and_unmuting_one_member_leaves_another_muted(people, community, now):
    other = people["informed"]
    theirs = mute(people, community, user=other, duration=24 * HOUR)
    mute(people, community, duration=2 * HOUR)
    now[0] = NOW + HOUR
    mute(people, community)
    assert unmute(people, community) == 1
    theirs.refresh_from_db()
    assert theirs.until == NOW + 24 * HOUR
    assert running(community, other) == [(NOW + 24 * HOUR, "Propos agressifs")]


def test_a_mute_costs_the_same_queries_with_one_running(people, community,
                                                        django_assert_num_queries):
    with django_assert_num_queries(8):
        mute(people, community)
    with django_assert_num_queries(8):
        mute(people, community)


# Unmuting ----------------------------------------------------------------------------

def test_unmuting_ends_the_mute_now_and_tells_the_member(people, community, now):
    row = mute(people, community, duration=24 * HOUR)
    now[0] = NOW + HOUR
    assert unmute(people, community) == 1
    row.refresh_from_db()
    assert row.until == NOW + HOUR
    assert running(community, people["citizen"]) == []
    citizen = people["citizen"]
    assert told(citizen)[-1] == ("discussion_muted", {
        "community": "Biodiversité", "change": "unmuted"}, "/communities/biodiversite/channels/",
        people["gardener"].pk, community.pk)
    assert logged()[-1] == ("member.unmuted", people["gardener"].pk, str(citizen.pk),
                            community.pk, {})


@pytest.mark.parametrize("when", ["never", "ended", "elsewhere"])
def test_unmuting_someone_not_muted_here_is_refused_and_writes_nothing(
        people, community, other_community, now, when):
    citizen = people["citizen"]
    if when == "ended":
        mute(people, community)
        now[0] = NOW + HOUR  # the mute ends at this very instant
    elif when == "elsewhere":
        MembershipFactory(community=other_community, user=citizen)
        mute(people, other_community, actor=people["other_gardener"])
    before = (list(Mute.objects.values_list("until", flat=True)), logged(), told(citizen))
    assert refusals(lambda: unmute(people, community)) == [
        (None, f"{citizen} is not muted.", "not_muted")]
    assert (list(Mute.objects.values_list("until", flat=True)), logged(), told(citizen)) == before


def test_a_mute_ends_at_its_instant(people, community, now):
    mute(people, community)
    now[0] = NOW + HOUR - dt.timedelta(microseconds=1)
    assert services.active_mute(community=community, user=people["citizen"]) is not None
    now[0] = NOW + HOUR
    assert services.active_mute(community=community, user=people["citizen"]) is None


# Reporting a message in words ---------------------------------------------------

@pytest.mark.parametrize("reason", ["", "  ", None])
def test_a_report_without_words_is_refused(people, community, general, make_message, reason):
    message = make_message(general, people["engaged"], "Bonjour")
    assert refusals(lambda: services.message_report(
        message=message, reporter=people["citizen"], reason=reason)) == [
        (None, "Tell the gardeners what is wrong with this message.", "required")]
    assert not Report.objects.exists()


def test_a_report_of_the_limit_reaches_the_queue_as_something_else(
        people, community, general, make_message):
    message = make_message(general, people["engaged"], "Bonjour")
    assert [code for _f, _w, code in refusals(lambda: services.message_report(
        message=message, reporter=people["citizen"], reason="x" * 1001))] == ["too_long"]
    services.message_report(message=message, reporter=people["citizen"],
                            reason=f" {'y' * 1000} ")
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.text) == (
        people["citizen"], Reason.OTHER, "y" * 1000)


# Two gardeners at once (PostgreSQL) ---------------------------------------------------

@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_gardeners_muting_at_once_leave_one_mute_running(postgres, people, community):
    """The member's row lock: without it, both see no mute running, both
    write one, and the member is listed twice."""
    citizen = people["citizen"]
    for n in range(8):
        outcomes = race(
            lambda: mute(people, community, reason=f"Un {n}").pk,
            lambda: mute(people, community, actor=people["institution_gardener"],
                         reason=f"Deux {n}").pk)
        assert len(outcomes) == 2
        assert len(running(community, citizen)) == 1
    assert Mute.objects.filter(user=citizen).count() == 16
