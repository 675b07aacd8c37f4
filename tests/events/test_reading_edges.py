"""The reads of events at their edges: a person's registrations and private
calendar are theirs alone, a rank in the line counts only who waits ahead
in the same event, the organisers' lists in their order, a working group's
next meeting, what a citizen who came is offered (events/selectors/reading.py)."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from communities.models import Circle, CircleRequest
from events.models import CalendarToken, Event, Registration
from events.selectors import reading
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

_codes = itertools.count(1)
CONFIRMED, WAITING, PENDING, CANCELLED = (Registration.Status.CONFIRMED,
                                          Registration.Status.WAITING,
                                          Registration.Status.PENDING,
                                          Registration.Status.CANCELLED)


def registered(event, user=None, status=CONFIRMED, *, name=None, position=None, **fields):
    number = next(_codes)
    return Registration.objects.create(
        event=event, user=user, name=name or (user.display_name if user else f"P{number}"),
        email=user.email if user else f"p{number}@example.org", status=status,
        waiting_position=position, code=f"R{number:06d}", **fields)


def ended(days_ago, **fields):
    end = timezone.now() - dt.timedelta(days=days_ago)
    return EventFactory(starts_at=end - dt.timedelta(hours=2), ends_at=end, **fields)


def in_days(days, **fields):
    start = timezone.now() + dt.timedelta(days=days)
    return EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), **fields)


# --- A person's own ---------------------------------------------------------------------


def test_a_persons_registrations_are_theirs_live_and_soonest_first(django_assert_num_queries):
    person, other = UserFactory(), UserFactory()
    later, soon, past = in_days(20), in_days(7), ended(3)
    mine = [registered(later, person), registered(soon, person, PENDING),
            registered(past, person)]
    registered(EventFactory(), person, CANCELLED)
    registered(soon, other)

    with django_assert_num_queries(1):
        rows = [(r.pk, r.event.community.name) for r in reading.registrations_of_user(person)]

    assert [pk for pk, _name in rows] == [mine[1].pk, mine[0].pk]
    assert [r.pk for r in reading.registrations_of_user(person, include_past=True)] == [
        mine[2].pk, mine[1].pk, mine[0].pk]


def test_a_persons_registration_for_an_event_is_their_live_one_for_that_event():
    person = UserFactory()
    event, elsewhere = EventFactory(), EventFactory()
    registered(event, person, CANCELLED)
    registered(elsewhere, person)
    assert reading.registration_of(person, event) is None
    live = registered(event, person, WAITING, position=1)
    found = reading.registration_of(person, event)
    assert found == live and found.event is event


def test_the_private_calendar_is_the_persons_confirmed_waiting_and_cancelled_events(
        django_assert_num_queries):
    person, other = UserFactory(), UserFactory()
    later, dropped, soon = in_days(20), in_days(10), in_days(5)
    recent = ended(89)
    registered(later, person, WAITING, position=1)
    registered(soon, person)
    registered(recent, person)
    registered(ended(90.5), person)  # three months ago and a half day
    registered(in_days(6), person, PENDING)  # address not confirmed
    registered(dropped, person, CANCELLED)
    registered(in_days(7), other)

    with django_assert_num_queries(1):  # the registrations with their events and communities
        events, with_link = reading.events_of_user_feed(person)
        assert all(e.community.name for e in events)

    assert [e.pk for e in events] == [recent.pk, soon.pk, dropped.pk, later.pk]
    assert with_link == {recent.pk, soon.pk}
    # A registration cancelled shows its event cancelled, in this calendar only.
    assert [e.state for e in events if e.pk == dropped.pk] == [Event.State.CANCELLED]
    assert Event.objects.get(pk=dropped.pk).state == Event.State.PUBLISHED


def test_registering_again_after_cancelling_shows_the_live_registration_in_the_calendar():
    person = UserFactory()
    event, after = in_days(3), in_days(4)
    registered(event, person, CANCELLED)
    registered(event, person)
    registered(after, person)

    events, with_link = reading.events_of_user_feed(person)

    assert [(e.pk, e.state) for e in events] == [(event.pk, Event.State.PUBLISHED),
                                                 (after.pk, Event.State.PUBLISHED)]
    assert with_link == {event.pk, after.pk}


def test_a_calendar_token_opens_an_active_persons_calendar_only(django_assert_num_queries):
    person = UserFactory()
    CalendarToken.objects.create(user=person, token="a" * 40)
    with django_assert_num_queries(1):
        assert reading.user_for_calendar_token("a" * 40).email == person.email
    assert reading.user_for_calendar_token("b" * 40) is None
    person.is_active = False
    person.save()
    assert reading.user_for_calendar_token("a" * 40) is None


# --- The line -------------------------------------------------------------------------------


def test_a_rank_counts_who_waits_ahead_in_the_same_event():
    event, other = EventFactory(), EventFactory()
    first = registered(event, status=WAITING, position=3)
    second = registered(event, status=WAITING, position=7)
    registered(other, status=WAITING, position=1)  # another event's line
    registered(event, status=CONFIRMED)
    third = registered(event, status=WAITING, position=9)

    assert [reading.waiting_rank(r) for r in (first, second, third)] == [1, 2, 3]
    assert reading.waiting_rank(registered(event)) is None


def test_the_organisers_lists_keep_to_the_event_in_their_order(django_assert_num_queries):
    event, other = EventFactory(), EventFactory()
    zoe = registered(event, UserFactory(display_name="Zoé"))
    anne = registered(event, UserFactory(display_name="Anne"))
    line_2 = registered(event, status=WAITING, name="Alain", position=2)
    line_1 = registered(event, status=WAITING, name="Yves", position=1)
    pending = registered(event, status=PENDING, name="Aline")
    cancelled = registered(event, status=CANCELLED, name="Abel")
    registered(other, name="Ailleurs")

    with django_assert_num_queries(1):
        live = reading.live_registrants(event)
        assert all(r.event is event for r in live)
        assert [r.user and r.user.display_name for r in live] == ["Anne", "Zoé", None, None]
    assert live == [anne, zoe, line_1, line_2]
    Registration.objects.filter(pk=anne.pk).update(checked_in_by=zoe.user)
    with django_assert_num_queries(1):  # with each person and who checked them in
        everyone = reading.registrants(event)
        checked = [(r.user and r.user.display_name,
                    r.checked_in_by and r.checked_in_by.display_name) for r in everyone]
    assert everyone == [anne, zoe, line_1, line_2, pending, cancelled]
    assert checked[:2] == [("Anne", "Zoé"), ("Zoé", None)]
    assert all(r.event is event for r in everyone)


def test_an_events_page_reads_its_community_and_organiser_with_it(django_assert_num_queries):
    organiser = UserFactory(display_name="Olga Organise")
    event = EventFactory(organiser=organiser)

    with django_assert_num_queries(1):
        page = reading.event_for_page(event.pk)
        read = (page.community.name, page.organiser.display_name)

    assert read == (event.community.name, "Olga Organise")
    assert reading.event_for_page(event.pk + 1000) is None


# --- A working group's next meeting, a citizen who came ------------------------------------


def test_a_groups_next_meeting_is_its_next_published_one_not_over(community, people):
    from workgroups.services.groups import group_create

    group = group_create(community=community, actor=people["gardener"], name="Haies",
                         goal="Planter", issue="Pas assez de haies")
    other = group_create(community=community, actor=people["gardener"], name="Mares",
                         goal="Creuser", issue="Pas assez de mares")
    ended(1, community=community, working_group=group)
    EventFactory(community=community, working_group=group, state=Event.State.DRAFT)
    EventFactory(community=community, working_group=other)
    later = EventFactory(community=community, working_group=group,
                         starts_at=timezone.now() + dt.timedelta(days=20),
                         ends_at=timezone.now() + dt.timedelta(days=20, hours=2))
    assert reading.next_group_meeting(group) == later
    soon = EventFactory(community=community, working_group=group,
                        starts_at=later.starts_at - dt.timedelta(days=5),
                        ends_at=later.ends_at - dt.timedelta(days=5))
    assert reading.next_group_meeting(group) == soon


@pytest.mark.parametrize(("where", "kind"), [
    (None, "join"), (Circle.CITIZENS, "request"), (Circle.INFORMED, None),
    (Circle.ENGAGED, None)])
def test_a_citizen_who_came_is_offered_the_informed_circle(community, other_community, where,
                                                            kind):
    person = UserFactory()
    if where is not None:
        MembershipFactory(community=community, user=person, circle=where)
    # Informed elsewhere: this community's circle decides.
    MembershipFactory(community=other_community, user=person, circle=Circle.ENGAGED)
    came = registered(EventFactory(community=community), person, checked_in_at=timezone.now())

    offer = reading.informed_circle_offer(came)

    assert offer == (None if kind is None else {"kind": kind, "community": community})


def test_a_request_waiting_here_is_said_and_one_elsewhere_is_not(community, other_community):
    person = UserFactory()
    MembershipFactory(community=community, user=person, circle=Circle.CITIZENS)
    came = registered(EventFactory(community=community), person, checked_in_at=timezone.now())
    CircleRequest.objects.create(community=other_community, user=person, circle=Circle.ENGAGED,
                                 message="Je veux aider.")
    assert reading.informed_circle_offer(came)["kind"] == "request"
    CircleRequest.objects.create(community=community, user=UserFactory(),
                                 circle=Circle.INFORMED, message="Moi aussi.")
    assert reading.informed_circle_offer(came)["kind"] == "request"
    CircleRequest.objects.create(community=community, user=person, circle=Circle.INFORMED,
                                 message="Je veux suivre.", status=CircleRequest.Status.DECLINED)
    assert reading.informed_circle_offer(came)["kind"] == "request"
    CircleRequest.objects.create(community=community, user=person, circle=Circle.INFORMED,
                                 message="Je veux suivre.")
    assert reading.informed_circle_offer(came) == {"kind": "pending", "community": community}


def test_someone_who_came_without_an_account_is_offered_to_sign_up(community):
    came = registered(EventFactory(community=community), checked_in_at=timezone.now())
    assert reading.informed_circle_offer(came) == {"kind": "signup", "community": community}
    absent = registered(EventFactory(community=community))
    assert reading.informed_circle_offer(absent) is None
    institution = registered(EventFactory(community=None), checked_in_at=timezone.now())
    assert reading.informed_circle_offer(institution) is None


def test_the_next_public_events_of_the_home_page(community, django_assert_num_queries):
    later = EventFactory(community=community, starts_at=timezone.now() + dt.timedelta(days=9),
                         ends_at=timezone.now() + dt.timedelta(days=9, hours=2))
    twin = EventFactory(community=community, starts_at=later.starts_at, ends_at=later.ends_at)
    soon = EventFactory(community=community)
    EventFactory(community=community, audience=Event.Audience.CIRCLES, for_engaged=True)
    in_days(1, community=community, state=Event.State.DRAFT)
    ended(1, community=community)
    with django_assert_num_queries(1):  # with each event's community
        assert [e.community.name for e in reading.next_public_events()] == [community.name] * 3
    assert reading.next_public_events() == [soon, later, twin]
    assert reading.next_public_events(limit=1) == [soon]
    assert reading.next_public_events(limit=2) == [soon, later]


def test_the_home_page_shows_three_events_unless_told_otherwise(community):
    events = [in_days(days, community=community) for days in (4, 3, 2, 1)]

    assert reading.next_public_events() == events[::-1][:3]


def test_the_events_list_is_soonest_first_within_its_window(
        community, other_community, people, django_assert_num_queries):
    later = in_days(9, community=community, title="Plus tard")
    sooner = in_days(2, community=community, title="Bientôt", format=Event.Format.ONLINE)
    in_days(3, community=other_community, title="Ailleurs")
    running = EventFactory(community=community, title="En cours",
                           starts_at=timezone.now() - dt.timedelta(hours=1),
                           ends_at=timezone.now() + dt.timedelta(hours=1))
    past = ended(1, community=community, title="Passé")
    user = people["engaged"]
    reading.visible_events_q(user)  # the person's roles, read once per request

    with django_assert_num_queries(1):  # with each event's community
        listed = [(e.title, e.community.name)
                  for e in reading.event_list(user=user, community=community)]

    assert [title for title, _name in listed] == ["En cours", "Bientôt", "Plus tard"]
    assert [e.title for e in reading.event_list(user=user, community=community,
                                                include_past=True)][0] == "Passé"
    assert list(reading.event_list(user=user, format=Event.Format.ONLINE)) == [sooner]
    # A window: events still running at its start, starting before its end.
    window = reading.event_list(user=user, community=community,
                                start=sooner.ends_at, end=later.starts_at)
    assert list(window) == []
    window = reading.event_list(user=user, community=community, include_past=True,
                                start=past.ends_at - dt.timedelta(seconds=1),
                                end=later.starts_at + dt.timedelta(seconds=1))
    assert list(window) == [past, running, sooner, later]
