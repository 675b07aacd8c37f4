"""An event's team and a proposal's date poll at their edges: each refusal
in its words and code, the boundaries of the circles, what is recorded,
told and audited, for this event and this person only."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from communities.models import Circle
from events import services
from events.models import DatePollAnswer, EventCoOrganiser, EventProposal
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

from .factories import EventFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


# The team ------------------------------------------------------------------------

@pytest.fixture
def engaged(people, community):
    """An engaged member with a name to read in the refusals."""
    user = UserFactory(display_name="Inès Haie")
    MembershipFactory(community=community, user=user, circle=Circle.ENGAGED)
    return user


def test_adding_records_who_added_audits_and_tells_the_person_only(people, event, engaged):
    member = services.co_organiser_add(event=event, person=engaged, actor=people["gardener"])
    stored = EventCoOrganiser.objects.get()
    assert (stored, stored.event, stored.person, stored.added_by) == (
        member, event, engaged, people["gardener"])
    assert list(Notification.objects.values_list(
        "recipient", "kind", "actor", "community", "url", "data")) == [(
            engaged.pk, "event_co_organiser_added", people["gardener"].pk, event.community_id,
            event.get_absolute_url(), {"event": event.title})]
    assert list(AuditEntry.objects.values_list(
        "action", "actor", "community_id", "target_user", "details")) == [(
            "event.team_changed", people["gardener"].pk, event.community_id, engaged.pk,
            {"event": event.pk, "change": "added"})]


def test_the_person_added_or_removed_knows_it_at_once(people, event, engaged):
    assert not engaged.has_perm("events.change_event", event)  # remembered
    services.co_organiser_add(event=event, person=engaged, actor=people["gardener"])
    assert engaged.has_perm("events.change_event", event)
    services.co_organiser_remove(event=event, person=engaged, actor=people["gardener"])
    assert not engaged.has_perm("events.change_event", event)


@pytest.mark.parametrize("circle", [Circle.INFORMED, Circle.CITIZENS])
def test_only_the_engaged_circle_co_organises(people, event, circle):
    person = UserFactory(display_name="Paul Mare")
    MembershipFactory(community=event.community, user=person, circle=circle)
    assert refusals(lambda: services.co_organiser_add(
        event=event, person=person, actor=people["gardener"])) == [(
        None,
        (f"Paul Mare is not in the engaged circle of {event.community.name}: only engaged "
         "members co-organise its events."),
        "not_engaged")]
    assert not EventCoOrganiser.objects.exists()
    assert not Notification.objects.exists() and not AuditEntry.objects.exists()


def test_each_refusal_of_an_addition_in_its_words(people, event, engaged):
    services.co_organiser_add(event=event, person=engaged, actor=people["gardener"])
    assert refusals(lambda: services.co_organiser_add(
        event=event, person=engaged, actor=people["gardener"])) == [
        (None, "Inès Haie is on the team already.", "already")]
    organiser = event.organiser
    assert refusals(lambda: services.co_organiser_add(
        event=event, person=organiser, actor=people["gardener"])) == [
        (None, f"{organiser} organises the event already.", "is_organiser")]
    wide = EventFactory(community=None, organiser=people["gardener"])
    assert refusals(lambda: services.co_organiser_add(
        event=wide, person=engaged, actor=people["gardener"])) == [(
        None, "An institution-wide event has no community team: nobody can be added.",
        "no_community")]
    type(event).objects.filter(pk=event.pk).update(state=type(event).State.CANCELLED)
    assert refusals(lambda: services.co_organiser_add(
        event=event, person=people["engaged"], actor=people["gardener"])) == [
        (None, "The event is cancelled: its team no longer changes.", "cancelled")]
    assert EventCoOrganiser.objects.count() == 1


def test_on_another_events_team_is_not_on_this_one(people, event, engaged):
    other = EventFactory(community=event.community, organiser=people["gardener"])
    services.co_organiser_add(event=other, person=engaged, actor=people["gardener"])
    services.co_organiser_add(event=event, person=engaged, actor=people["gardener"])
    assert EventCoOrganiser.objects.filter(person=engaged).count() == 2


def test_removing_takes_this_person_off_this_team_only(people, event, engaged):
    other = EventFactory(community=event.community, organiser=people["gardener"])
    for team in (event, other):
        services.co_organiser_add(event=team, person=engaged, actor=people["gardener"])
    services.co_organiser_add(event=event, person=people["engaged"], actor=people["gardener"])
    Notification.objects.all().delete()
    AuditEntry.objects.all().delete()
    services.co_organiser_remove(event=event, person=engaged, actor=people["gardener"])
    assert sorted(EventCoOrganiser.objects.values_list("event", "person")) == sorted([
        (other.pk, engaged.pk), (event.pk, people["engaged"].pk)])
    assert list(Notification.objects.values_list(
        "recipient", "kind", "actor", "url", "data")) == [(
            engaged.pk, "event_co_organiser_removed", people["gardener"].pk,
            event.get_absolute_url(), {"event": event.title})]
    assert list(AuditEntry.objects.values_list("target_user", "details")) == [(
        engaged.pk, {"event": event.pk, "change": "removed"})]
    assert refusals(lambda: services.co_organiser_remove(
        event=event, person=engaged, actor=people["gardener"])) == [
        (None, "Inès Haie is not on the team.", "not_on_team")]


# The date poll ----------------------------------------------------------------------

def propose(people, community, *, circle=Circle.INFORMED, days=(10, 11, 12)):
    start = timezone.now().replace(second=0, microsecond=0) + days[0] * DAY
    return services.event_propose(
        author=people["engaged"], community=community, title="Balade", description="Haies.",
        starts_at=start, ends_at=start + dt.timedelta(hours=2), address="Lavaur",
        circle=circle, other_dates=[start + (n - days[0]) * DAY for n in days[1:]])


def options(proposal) -> list:
    return list(proposal.date_options.order_by("starts_at").values_list("pk", flat=True))


def answer(proposal, person, ids):
    return services.date_poll_answer(proposal=proposal, person=person, option_ids=ids)


def test_the_poll_asks_every_member_when_it_is_for_everyone(people, community):
    propose(people, community, circle=None)
    asked = set(Notification.objects.filter(kind="event_date_poll").values_list(
        "recipient", flat=True))
    assert asked == {people["citizen"].pk, people["informed"].pk}


def test_the_poll_asks_its_circle_and_closer_with_the_link(people, community):
    proposal = propose(people, community, circle=Circle.INFORMED)
    assert list(Notification.objects.filter(kind="event_date_poll").values_list(
        "recipient", "actor", "community", "url", "data")) == [(
            people["informed"].pk, people["engaged"].pk, community.pk,
            proposal.get_absolute_url(), {"title": "Balade"})]


def test_telling_the_audience_costs_the_same_for_ten_members_more(people, community):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.services.poll import tell_poll_audience

    proposal = propose(people, community, circle=None)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            tell_poll_audience(proposal, actor=people["engaged"])
        return len(captured)

    before = queries()
    for _n in range(10):
        MembershipFactory(community=community, circle=Circle.CITIZENS)
    assert queries() == before


def test_anyone_of_its_circle_or_closer_answers_and_no_one_further(people, community):
    informed_poll = propose(people, community, circle=Circle.INFORMED)
    assert refusals(lambda: answer(informed_poll, people["citizen"], [])) == [(
        None, f"This poll is for the informed circle of {community.name}; you are not in it.",
        "not_in_circle")]
    assert answer(informed_poll, people["informed"], [])
    assert answer(informed_poll, people["engaged"], [])
    everyone = propose(people, community, circle=None, days=(20, 21))
    assert answer(everyone, people["citizen"], [])


def test_a_stranger_is_told_the_poll_is_for_the_members(people, community):
    poll = propose(people, community, circle=None)
    assert refusals(lambda: answer(poll, people["other_gardener"], [])) == [(
        None, f"This poll is for the members of {community.name}; you are not one of them.",
        "not_in_circle")]
    assert not DatePollAnswer.objects.exists()


def test_an_answer_records_the_dates_chosen_or_none(people, community):
    poll = propose(people, community)
    first, _second, third = options(poll)
    mine = answer(poll, people["informed"], [str(first), third, first])
    assert (mine.proposal_id, mine.person) == (poll.pk, people["informed"])
    assert sorted(mine.options.values_list("pk", flat=True)) == [first, third]
    none = answer(poll, people["engaged"], None)
    assert list(none.options.all()) == []


@pytest.mark.parametrize("bad", ["x", None, 0])
def test_a_date_not_offered_is_refused_and_nothing_recorded(people, community, bad):
    poll = propose(people, community)
    assert refusals(lambda: answer(poll, people["informed"], [options(poll)[0], bad])) == [
        (None, "Choose among the dates offered.", "bad_option")]
    assert not DatePollAnswer.objects.exists()


def test_a_proposal_without_other_dates_has_no_poll(people, community):
    single = propose(people, community, days=(10,))
    assert refusals(lambda: answer(single, people["informed"], [])) == [
        (None, "This proposal has no date poll.", "no_poll")]


def test_the_poll_is_open_while_changes_are_asked_and_closed_once_decided(people, community):
    poll = propose(people, community)
    EventProposal.objects.filter(pk=poll.pk).update(
        status=EventProposal.Status.CHANGES_REQUESTED)
    assert answer(poll, people["informed"], [])
    for status in (EventProposal.Status.ACCEPTED, EventProposal.Status.DECLINED):
        EventProposal.objects.filter(pk=poll.pk).update(status=status)
        assert refusals(lambda: answer(poll, people["engaged"], [])) == [(
            None, "The gardeners have decided on this proposal: the poll is closed.",
            "poll_closed")]
    assert DatePollAnswer.objects.count() == 1


def test_one_answer_per_person_and_poll(people, community):
    poll = propose(people, community)
    other = propose(people, community, days=(20, 21))
    answer(poll, people["informed"], [])
    assert refusals(lambda: answer(poll, people["informed"], options(poll)[:1])) == [(
        None, "You have already answered this poll: your answer stays as it is.",
        "already_answered")]
    assert answer(other, people["informed"], [])
    assert answer(poll, people["engaged"], [])


def test_an_answer_costs_a_fixed_number_of_queries(people, community,
                                                  django_assert_num_queries):
    poll = propose(people, community)
    ids = options(poll)
    # The proposal locked and read with its community, the person's circles,
    # the options, an earlier answer, the answer, its links read and written
    # at once: 7, and the savepoint's two, whatever the number of dates chosen.
    with django_assert_num_queries(9):
        answer(poll, people["informed"], ids)
