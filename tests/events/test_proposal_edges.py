"""The events members propose, at their edges (events/services/proposals.py):
each refusal in its words, code and field, each limit shifted by one, what
the pair and the author are told, the event an acceptance creates."""

import datetime as dt

import pytest
from django.utils import timezone

from communities.models import Circle
from events import services
from events.models import Event, EventInvitation, EventProposal
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db

HOURS_2 = dt.timedelta(hours=2)


def soon(days=10):
    return (timezone.now() + dt.timedelta(days=days)).replace(second=0, microsecond=0)


def propose(people, community, **fields):
    start = soon()
    values = {"title": "Balade des haies", "description": "On regarde les haies.",
              "starts_at": start, "ends_at": start + HOURS_2, "address": "Lavaur",
              "circle": None, **fields}
    return services.event_propose(author=people["engaged"], community=community, **values)


def test_a_proposal_names_every_wrong_field_at_once(people, community):
    assert refusals(lambda: propose(people, community, title=" ", description="",
                                    address=" ", starts_at=timezone.now(), circle=7)) == [
        ("address", "Say where the event would take place.", "required"),
        ("circle", "Choose among the three circles.", "bad_circle"),
        ("description", "Say in a few words what the event is about.", "required"),
        ("starts_at", "The date proposed is in the past: choose a date to come.", "in_the_past"),
        ("title", "Give the event a title.", "required"),
    ]
    start = soon()
    assert refusals(lambda: propose(people, community, starts_at=start, ends_at=start)) == [
        ("ends_at", "The event must end after it starts.", "end_before_start")]
    assert not EventProposal.objects.exists()


def test_a_proposal_starting_this_very_instant_is_in_the_past(people, community, monkeypatch):
    now = soon()
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert refusals(lambda: propose(people, community, starts_at=now,
                                    ends_at=now + HOURS_2)) == [
        ("starts_at", "The date proposed is in the past: choose a date to come.", "in_the_past")]
    assert propose(people, community, starts_at=now + dt.timedelta(seconds=1),
                   ends_at=now + HOURS_2).pk


def test_the_poll_offers_two_to_five_dates_to_come_each_once(people, community):
    start = soon()
    six = [start + dt.timedelta(days=d) for d in range(1, 6)]
    assert refusals(lambda: propose(people, community, other_dates=six)) == [
        ("other_dates", "Offer at most 5 dates in all.", "too_many_dates")]
    assert refusals(lambda: propose(people, community, other_dates=[start])) == [
        ("other_dates", "The same date is offered twice.", "date_twice")]
    past = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)
    with timezone.override("UTC"):  # the date is said in Paris time, whatever the site's
        refused = refusals(lambda: propose(people, community, other_dates=[past]))
    assert refused == [(
        "other_dates",
        "The date Jan. 15, 2026, 10:30 a.m. is in the past: offer only dates to come.",
        "date_in_past")]
    proposal = propose(people, community, other_dates=six[:4])
    assert proposal.date_options.count() == 5


def test_the_pair_is_told_of_a_proposal_by_its_author(people, community, pair):
    proposal = propose(people, community)
    told = Notification.objects.filter(kind="event_proposed")
    assert sorted(n.recipient_id for n in told) == sorted(
        [pair.territory_gardener.pk, pair.institution_gardener.pk])
    for notice in told:
        assert (notice.actor, notice.community, notice.url, notice.data) == (
            people["engaged"], community, proposal.get_absolute_url(),
            {"title": "Balade des haies"})


def test_only_the_author_sends_again_and_only_when_asked(people, community, pair):
    proposal = propose(people, community)
    gardener = pair.territory_gardener
    again = {"title": " Balade ", "description": " Les haies. ", "starts_at": soon(12),
             "ends_at": soon(12) + HOURS_2, "address": " Lavaur ", "circle": Circle.INFORMED}
    assert refusals(lambda: services.event_proposal_resubmit(
        proposal=proposal, author=people["engaged"], **again)) == [
        (None, "The gardeners did not ask for changes: the proposal cannot be sent again.",
         "no_changes_asked")]
    services.event_proposal_decide(proposal=proposal, actor=gardener, decision="changes",
                                   answer="Un samedi ?")
    assert refusals(lambda: services.event_proposal_resubmit(
        proposal=proposal, author=people["informed"], **again)) == [
        (None, "Only the author changes a proposal.", "not_author")]
    sent = services.event_proposal_resubmit(proposal=proposal, author=people["engaged"], **again)
    sent.refresh_from_db()
    assert (sent.title, sent.description, sent.address, sent.circle, sent.status) == (
        "Balade", "Les haies.", "Lavaur", Circle.INFORMED, EventProposal.Status.PENDING)


def test_a_poll_starts_again_only_when_its_dates_change(people, community, pair):
    start = soon()
    other = [start + dt.timedelta(days=1)]
    proposal = propose(people, community, starts_at=start, ends_at=start + HOURS_2,
                       other_dates=other)
    option = proposal.date_options.first()
    services.date_poll_answer(proposal=proposal, person=people["informed"],
                              option_ids=[option.pk])
    same = {"title": "Balade", "description": "Haies.", "starts_at": start,
            "ends_at": start + HOURS_2, "address": "Lavaur", "other_dates": other}
    for dates, answers in ((other, 1), ([start + dt.timedelta(days=2)], 0)):
        services.event_proposal_decide(proposal=proposal, actor=pair.territory_gardener,
                                       decision="changes", answer="Précisez.")
        services.event_proposal_resubmit(proposal=proposal, author=people["engaged"],
                                         **{**same, "other_dates": dates})
        assert proposal.poll_answers.count() == answers
    assert sorted(o.starts_at for o in proposal.date_options.all()) == [
        start, start + dt.timedelta(days=2)]


def test_a_decision_is_one_of_three_and_a_refusal_says_why(people, community, pair):
    proposal = propose(people, community)
    gardener = pair.territory_gardener
    assert refusals(lambda: services.event_proposal_decide(
        proposal=proposal, actor=gardener, decision="maybe")) == [
        (None, "Choose a decision.", "bad_decision")]
    assert refusals(lambda: services.event_proposal_decide(
        proposal=proposal, actor=gardener, decision="decline", answer=" ")) == [
        ("answer", "Say why, so that the author knows what to do.", "no_answer")]
    proposal.refresh_from_db()
    assert proposal.status == EventProposal.Status.PENDING


def test_accepting_a_poll_needs_one_of_its_dates_to_come(people, community, pair, monkeypatch):
    start = soon()
    proposal = propose(people, community, starts_at=start, ends_at=start + HOURS_2,
                       other_dates=[start + dt.timedelta(days=1)])
    gardener = pair.territory_gardener
    assert refusals(lambda: services.event_proposal_decide(
        proposal=proposal, actor=gardener, decision="accept", date_option="first")) == [
        ("date_option", "Choose the date of the event among the dates of the poll.", "no_date")]
    first = proposal.date_options.order_by("starts_at").first()
    monkeypatch.setattr(timezone, "now", lambda: first.starts_at)
    assert refusals(lambda: services.event_proposal_decide(
        proposal=proposal, actor=gardener, decision="accept", date_option=first.pk)) == [
        ("date_option", "This date has passed: choose a date to come.", "date_in_past")]


def test_accepting_a_public_proposal_publishes_a_public_event_and_tells_the_author(
        people, community, pair):
    proposal = propose(people, community)
    gardener = pair.territory_gardener
    MembershipFactory(community=community, circle=Circle.ENGAGED, user=gardener)
    decided = services.event_proposal_decide(proposal=proposal, actor=gardener,
                                             decision="accept")
    event = decided.event
    assert (event.audience, event.state, event.organiser) == (
        Event.Audience.PUBLIC, Event.State.PUBLISHED, people["engaged"])
    assert EventProposal.objects.get(pk=proposal.pk).event == event
    assert gardener.pk not in set(EventInvitation.objects.filter(event=event)
                                  .values_list("user_id", flat=True))
    told = Notification.objects.get(kind="event_proposal_decided")
    assert (told.recipient, told.actor, told.community, told.url) == (
        people["engaged"], gardener, community, event.get_absolute_url())
    assert told.data == {"title": "Balade des haies", "status": "accepted", "answer": ""}


def test_only_the_engaged_propose_and_the_author_is_never_told_of_their_own(
        people, community, pair):
    assert refusals(lambda: services.event_propose(
        author=people["informed"], community=community, title="T", description="D",
        starts_at=soon(), ends_at=soon() + HOURS_2, address="Lavaur")) == [
        (None, "Only members of the engaged circle propose events to their community.",
         "not_engaged")]
    start = soon()
    proposal = propose(people, community, starts_at=start, ends_at=start + HOURS_2,
                       other_dates=[start + dt.timedelta(days=1)])
    services.event_proposal_decide(proposal=proposal, actor=pair.territory_gardener,
                                   decision="changes", answer="Un samedi ?")
    proposal.refresh_from_db()
    assert proposal.decided_by == pair.territory_gardener
    Notification.objects.all().delete()
    services.event_proposal_resubmit(
        proposal=proposal, author=people["engaged"], title="Balade", description="Haies.",
        starts_at=start, ends_at=start + HOURS_2, address="Lavaur",
        other_dates=[start + dt.timedelta(days=3)])
    assert Notification.objects.filter(kind="event_date_poll").exists()
    assert not Notification.objects.filter(recipient=people["engaged"]).exists()
    assert set(Notification.objects.filter(kind="event_proposed").values_list(
        "actor", flat=True)) == {people["engaged"].pk}
