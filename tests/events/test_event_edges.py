"""An event's life at its edges (events/services/events.py): every refusal
in its words and on its field, each boundary shifted by one, what each
service writes and whom it tells."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Circle
from events import services
from events.models import Event, EventInvitation, Registration
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals
from workgroups.models import WorkingGroup

from .factories import EventFactory

WEEK = dt.timedelta(days=7)


def create(organiser, community, **fields):
    starts = (timezone.now() + WEEK).replace(microsecond=0)
    data = {"title": "Forum des jardins", "description": "Rencontre.", "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=2), "address": "Hôtel de Région",
            **fields}
    return services.event_create(organiser=organiser, community=community, **data)


def refusal(call) -> list:
    """What `call` refuses (tests.refusals.refusals); no event was created."""
    before = Event.objects.count()
    refused = refusals(call)
    assert Event.objects.count() == before
    return refused


def group(community, **fields):
    return WorkingGroup.objects.create(community=community, name="Mares", slug="mares",
                                       goal="Des mares.", issue="Les mares", **fields)


@pytest.fixture
def organiser(pair):
    return pair.territory_gardener


def test_every_wrong_field_of_an_institution_wide_event_is_named_at_once(organiser):
    starts = (timezone.now() + WEEK).replace(microsecond=0)
    assert refusal(lambda: create(
        organiser, None, starts_at=starts, ends_at=starts, format=Event.Format.HYBRID,
        address=" ", online_url="", capacity=0, registration_opens_at=starts - WEEK / 7,
        registration_closes_at=starts - WEEK / 7, audience=Event.Audience.CIRCLES)) == [
        ("address", "Give the address of an event that takes place in person.", "required"),
        ("audience", ("An institution-wide event is open to everyone: circles belong to a "
                      "community."), "no_community"),
        ("capacity", "Offer at least one seat, or leave the field empty for no limit.", "min_value"),
        ("ends_at", "The event must end after it starts.", "end_before_start"),
        ("online_url", "Give the link of an event that takes place online.", "required"),
        ("registration_closes_at", "Registration must close after it opens.", "closes_before_opens"),
    ]


def test_every_wrong_field_of_a_communitys_event_is_named_at_once(
        organiser, community, other_community):
    starts = (timezone.now() + WEEK).replace(microsecond=0)
    assert refusal(lambda: create(
        organiser, community, starts_at=starts, format=Event.Format.ONLINE,
        online_url="ftp://example.org/salle", registration_closes_at=starts + dt.timedelta(
            seconds=1), audience=Event.Audience.CIRCLES, circles=[],
        working_group=group(other_community))) == [
        ("circles", "Choose at least one circle the event is open to.", "required"),
        ("online_url", "Enter a complete link, starting with https://.", "bad_url"),
        ("registration_closes_at", "Registration must close by the start of the event.", "closes_after_start"),
        ("working_group", "Choose an active working group of the event's community.", "bad_group"),
    ]


def test_an_archived_working_group_is_refused(organiser, community):
    archived = group(community, archived_at=timezone.now())
    assert refusal(lambda: create(organiser, community, working_group=archived)) == [
        ("working_group", "Choose an active working group of the event's community.", "bad_group")]


def test_an_event_at_every_limit_is_created_as_given(organiser, community):
    starts = (timezone.now() + WEEK).replace(microsecond=0)
    mares = group(community)
    event = create(
        organiser, community, starts_at=starts, ends_at=starts + dt.timedelta(seconds=1),
        format=Event.Format.ONLINE, address="", online_url=" https://visio.example.org/forum ",
        time_zone="America/Cayenne", capacity=1, registration_opens_at=starts - WEEK,
        registration_closes_at=starts, working_group=mares)
    event.refresh_from_db()
    assert (event.ends_at, event.address, event.online_url, event.time_zone, event.capacity,
            event.registration_opens_at, event.registration_closes_at, event.working_group) == (
        starts + dt.timedelta(seconds=1), "", "https://visio.example.org/forum",
        "America/Cayenne", 1, starts - WEEK, starts, mares)
    registration_opens = starts - dt.timedelta(hours=1)
    assert create(organiser, community, registration_opens_at=registration_opens,
                  registration_closes_at=registration_opens + dt.timedelta(seconds=1)).pk


def test_an_online_event_needs_no_address(organiser, community):
    event = services.event_create(
        organiser=organiser, community=community, title="Visio", description="En ligne.",
        starts_at=timezone.now() + WEEK, ends_at=timezone.now() + WEEK + WEEK / 7,
        format=Event.Format.ONLINE, online_url="https://visio.example.org/")
    assert event.address == ""


def test_an_institution_wide_event_has_no_community(organiser):
    assert create(organiser, None).community is None


def test_a_field_too_long_for_its_column_is_named(organiser, community):
    assert refusal(lambda: create(organiser, community, title="t" * 161)) == [
        ("title", "Ensure this value has at most 160 characters (it has 161).", "max_length")]


def test_circles_are_nested_and_only_for_a_restricted_event(organiser, community):
    informed = create(organiser, community, audience=Event.Audience.CIRCLES,
                      circles=[Circle.INFORMED])
    assert (informed.for_citizens, informed.for_informed, informed.for_engaged) == (
        False, True, True)
    engaged = create(organiser, community, audience=Event.Audience.CIRCLES,
                     circles=[str(Circle.ENGAGED)])
    assert (engaged.for_citizens, engaged.for_informed, engaged.for_engaged) == (
        False, False, True)
    public = create(organiser, community, audience=Event.Audience.PUBLIC,
                    circles=[Circle.CITIZENS])
    assert (public.for_citizens, public.for_informed, public.for_engaged) == (
        False, False, False)


def test_a_circle_that_is_none_is_refused_in_its_words(organiser, community):
    assert refusal(lambda: create(organiser, community, audience=Event.Audience.CIRCLES,
                                  circles=["inner"])) == [
        ("circles", "Choose among the three circles.", "bad_circle")]


def test_an_event_starting_this_very_instant_is_in_the_past(organiser, community, monkeypatch):
    now = (timezone.now() + WEEK).replace(microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert refusal(lambda: create(organiser, community, starts_at=now,
                                  ends_at=now + WEEK / 7)) == [
        ("starts_at", "The event must start in the future.", "in_the_past")]
    assert create(organiser, community, starts_at=now + dt.timedelta(seconds=1),
                  ends_at=now + WEEK / 7).pk


def test_fewer_seats_than_those_taken_is_refused(event, register):
    register(event)
    register(event)
    assert refusals(lambda: services.event_update(event=event, capacity=1)) == [
        ("capacity", "2 people already hold a seat: the event cannot have fewer seats.", "below_seats_held")]
    assert services.event_update(event=event, capacity=2).capacity == 2


def test_an_event_update_names_the_fields_it_cannot_change(event):
    with pytest.raises(TypeError) as caught:
        services.event_update(event=event, state=Event.State.DRAFT, sequence=9)
    assert str(caught.value) == "event_update() cannot change ['sequence', 'state']"


def test_a_cancelled_event_is_not_changed(event):
    services.event_cancel(event=event)
    assert refusals(lambda: services.event_update(event=event, title="Autre")) == [
        (None, "A cancelled event cannot be changed.", "cancelled")]


def test_a_running_event_is_renamed_and_cannot_move_into_the_past(event):
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(starts_at=now - dt.timedelta(hours=1),
                                             ends_at=now + dt.timedelta(hours=1))
    assert services.event_update(event=event, title="Atelier prolongé").title == (
        "Atelier prolongé")
    assert refusals(lambda: services.event_update(
        event=event, starts_at=now - dt.timedelta(minutes=30))) == [
        ("starts_at", "The event must start in the future.", "in_the_past")]


def test_each_change_a_calendar_shows_is_one_more_version(event):
    Event.objects.filter(pk=event.pk).update(sequence=5)
    assert services.event_update(event=event, title="Nouveau titre").sequence == 6
    assert services.event_update(event=event, capacity=20).sequence == 6


@pytest.mark.parametrize("moved", ["starts_at", "ends_at"])
def test_new_dates_mean_new_reminders_other_changes_keep_them(event, register, moved):
    registration = register(event)
    sent = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(reminder_day_sent_at=sent,
                                                           reminder_hour_sent_at=sent)
    services.event_update(event=event, title="Nouveau titre")
    registration.refresh_from_db()
    assert (registration.reminder_day_sent_at, registration.reminder_hour_sent_at) == (sent, sent)
    services.event_update(event=event, **{moved: getattr(event, moved) + dt.timedelta(hours=1)})
    registration.refresh_from_db()
    assert (registration.reminder_day_sent_at, registration.reminder_hour_sent_at) == (None, None)


def test_publishing_is_for_a_draft_and_makes_one_more_version(event, organiser, community):
    assert refusals(lambda: services.event_publish(event=event)) == [
        (None, "Only a draft can be published.", "not_draft")]
    draft = create(organiser, community)
    Event.objects.filter(pk=draft.pk).update(sequence=3)
    before = timezone.now()
    published = services.event_publish(event=draft)
    published.refresh_from_db()
    assert published.sequence == 4 and before <= published.published_at <= timezone.now()


def test_an_event_that_took_place_is_not_cancelled(event):
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - WEEK,
                                             ends_at=timezone.now() - WEEK / 2)
    assert refusals(lambda: services.event_cancel(event=event)) == [
        (None, "This event has already taken place.", "over")]
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED


def test_cancelling_ends_every_registration_at_the_cancellation_and_tells_each(
        event, register, mailoutbox, django_capture_on_commit_callbacks):
    zoe = register(event, UserFactory(display_name="Zoé"))
    anna = register(event, UserFactory(display_name="Anna"))
    Event.objects.filter(pk=event.pk).update(sequence=2)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.event_cancel(event=event, reason="  Tempête annoncée. ")
    assert (cancelled.sequence, cancelled.cancellation_reason) == (3, "Tempête annoncée.")
    assert cancelled.cancelled_at is not None
    for registration in (zoe, anna):
        registration.refresh_from_db()
        assert registration.status == Registration.Status.CANCELLED
        assert registration.cancelled_at == cancelled.cancelled_at
    told = Notification.objects.filter(kind="event_cancelled")
    assert sorted(n.recipient_id for n in told) == sorted([zoe.user_id, anna.user_id])
    assert refusals(lambda: services.event_cancel(event=event)) == [
        (None, "This event is already cancelled.", "cancelled")]


def _took_place(event, **shift):
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(starts_at=now - dt.timedelta(hours=3),
                                             ends_at=now - dt.timedelta(hours=1), **shift)


def test_a_report_is_written_once_the_event_has_started(event, monkeypatch):
    started = (timezone.now() + WEEK).replace(microsecond=0)
    Event.objects.filter(pk=event.pk).update(starts_at=started, ends_at=started + WEEK / 7)
    monkeypatch.setattr(timezone, "now", lambda: started - dt.timedelta(seconds=1))
    assert refusals(lambda: services.event_report_publish(event=event, summary="Trop tôt.")) \
        == [(None, "The report is written after the event has started.", "not_yet")]
    monkeypatch.setattr(timezone, "now", lambda: started)  # it starts: it is running
    report = services.event_report_publish(event=event, summary=" Belle rencontre. ")
    assert (report.report_summary, report.report_follow_ups, report.report_published_at) == (
        "Belle rencontre.", "", started)


def test_a_report_needs_a_published_event_a_summary_and_a_count_from_zero(
        event, organiser, community):
    draft = create(organiser, community)
    assert refusals(lambda: services.event_report_publish(event=draft, summary="Rien.")) == [
        (None, "Only an event that took place can have a report.", "not_published")]
    _took_place(event)
    assert refusals(lambda: services.event_report_publish(event=event, summary=" ")) == [
        ("report_summary", "Say in a few words what happened.", "required")]
    assert refusals(lambda: services.event_report_publish(
        event=event, summary="Pluie.", attendance=-1)) == [
        ("report_attendance", "Attendance cannot be negative.", "min_value")]
    assert services.event_report_publish(event=event, summary="Pluie.",
                                         attendance=0).report_attendance == 0
    Event.objects.filter(pk=event.pk).update(checked_in_count=9)
    assert services.event_report_publish(event=event, summary="Soleil.",
                                         attendance=12).report_attendance == 12
    assert services.event_report_publish(event=event, summary="Soleil.").report_attendance == 9


def test_a_message_needs_a_subject_and_a_text(event, organiser):
    for subject, body in (("", "Le texte."), ("Le sujet", " "), (" ", "")):
        assert refusals(lambda subject=subject, body=body: services.event_message_send(
            event=event, author=organiser, subject=subject, body=body)) == [
            (None, "Write a subject and a message.", "empty_message")]
    services.event_cancel(event=event)  # `event` still reads "published": the service reads again
    assert refusals(lambda: services.event_message_send(
        event=event, author=organiser, subject="S", body="B")) == [
        (None, "This event is cancelled.", "cancelled")]


def test_a_message_is_kept_with_its_author_and_told_with_its_subject(event, organiser, register):
    registration = register(event)
    message = services.event_message_send(event=event, author=organiser,
                                          subject=" Parking ", body=" Entrée par la rue B. ")
    message.refresh_from_db()
    assert (message.author, message.subject, message.body) == (
        organiser, "Parking", "Entrée par la rue B.")
    told = Notification.objects.get(kind="event_message")
    assert told.recipient_id == registration.user_id
    assert told.data == {"event": event.title, "subject": "Parking"}


def test_a_plain_http_link_is_a_link(organiser, community):
    event = create(organiser, community, format=Event.Format.ONLINE,
                   online_url="http://visio.example.org/forum")
    assert event.online_url == "http://visio.example.org/forum"


def test_cancelling_without_a_reason_gives_none(event):
    assert services.event_cancel(event=event).cancellation_reason == ""


def test_creating_an_event_costs_a_fixed_number_of_queries(organiser, community):
    """The organiser and the community are the caller's: never read again to
    validate them (full_clean would check each exists)."""
    with CaptureQueriesContext(connection) as queries:
        create(organiser, community)
    # The transaction's savepoint and its release, the unique calendar UID,
    # the two check constraints (each in its savepoint), the INSERT.
    assert len(queries) == 10
    assert not [q for q in queries if "accounts_user" in q["sql"]
                or "communities_community" in q["sql"]]


@pytest.fixture
def members(community):
    return {circle: MembershipFactory(community=community, circle=circle).user
            for circle in (Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED)}


def invited(event):
    return set(EventInvitation.objects.filter(event=event).values_list("user_id", flat=True))


def test_only_circles_added_to_a_published_event_announce_it_again(
        community, organiser, members):
    event = EventFactory(community=community, organiser=organiser,
                         audience=Event.Audience.CIRCLES, for_engaged=True)
    services.event_update(event=event, title="Autre titre", actor=organiser)
    assert invited(event) == set()  # published without announcing (a factory's): nobody told
    services.event_update(event=event, circles=[Circle.INFORMED], actor=organiser)
    assert invited(event) == {members[Circle.INFORMED].pk, members[Circle.ENGAGED].pk}
    services.event_update(event=event, circles=[Circle.CITIZENS], actor=organiser)
    assert invited(event) == {user.pk for user in members.values()}


def test_the_person_who_widens_the_circles_is_not_told(community, organiser, members):
    event = EventFactory(community=community, organiser=organiser,
                         audience=Event.Audience.CIRCLES, for_engaged=True)
    widener = members[Circle.ENGAGED]
    services.event_update(event=event, circles=[Circle.INFORMED], actor=widener)
    assert invited(event) == {members[Circle.INFORMED].pk}
