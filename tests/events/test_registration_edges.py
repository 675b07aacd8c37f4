"""The edges of seat booking, pinned: each test fails if the check it names is
removed or shifted (by one seat, one microsecond, one character).

`make mutation MUTATE=events.services.registrations` measures how many
changes of events/services/registrations.py these tests catch
(docs/testing.md)."""

import datetime as dt
import types

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from communities.models import Circle, CircleRequest, Membership
from events import services, tokens
from events.models import Event, Registration
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

from .factories import EventFactory

pytestmark = pytest.mark.django_db

US = dt.timedelta(microseconds=1)


@pytest.fixture
def clock(monkeypatch):
    """Sets the instant services read (django.utils.timezone.now)."""

    def _set(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return _set


def _row(event) -> Event:
    return Event.objects.get(pk=event.pk)


def _citizen(event, name="Zoé Martin", email="zoe@example.org") -> Registration:
    return services.registration_create(event=event, name=name, email=email, consent=True)


def _address(message) -> str:
    return message.to[0].split("<")[-1].rstrip(">")


def _code(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code


def _refusal(call) -> tuple[str, str]:
    """The code and the message a person reads."""
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code, error.value.messages[0]


# --- The waiting list -------------------------------------------------------------


def test_a_waiting_person_who_cancels_leaves_the_line_and_the_count(community, register):
    event = EventFactory(community=community, capacity=1)
    register(event)
    first, second, third = register(event), register(event), register(event)
    assert _row(event).waiting_count == 3
    services.registration_cancel(registration=second)
    second.refresh_from_db()
    assert second.status == Registration.Status.CANCELLED
    assert second.waiting_position is None and second.cancelled_at is not None
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count) == (1, 2)
    first.refresh_from_db(), third.refresh_from_db()
    assert (first.status, third.status) == ("waiting", "waiting")


def test_a_cancellation_returns_the_event_as_it_now_stands(community, register):
    """The page that confirms a cancellation reads the seats left from what
    the service returns, not from the event as it was read before."""
    event = EventFactory(community=community, capacity=2)
    holder = register(event)
    register(event)
    cancelled = services.registration_cancel(registration=holder)
    assert (cancelled.event.confirmed_count, cancelled.event.seats_left) == (1, 1)


def test_cancelling_with_nobody_waiting_saves_the_event_once(community, register):
    """The seat counter and the line are written in one UPDATE of the event,
    with what promotions changed (none here)."""
    event = EventFactory(community=community, capacity=2)
    holder = register(event)
    with CaptureQueriesContext(connection) as captured:
        services.registration_cancel(registration=holder)
    updates = [q["sql"] for q in captured.captured_queries
               if q["sql"].startswith('UPDATE "events_event"')]
    assert len(updates) == 1 and _row(event).confirmed_count == 0


def test_a_cancellation_that_promotes_someone_writes_the_event_once(community, register):
    """The freed seat, the promotion and the line's length: one UPDATE of the
    event, made by the cancellation with what the promotion changed."""
    event = EventFactory(community=community, capacity=1)
    holder = register(event)
    waiting = register(event)
    with CaptureQueriesContext(connection) as captured:
        services.registration_cancel(registration=holder)
    updates = [q["sql"] for q in captured.captured_queries
               if q["sql"].startswith('UPDATE "events_event"')]
    waiting.refresh_from_db()
    assert waiting.is_confirmed and len(updates) == 1
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count) == (1, 0)


def test_cancelling_a_pending_registration_writes_nothing_to_the_event(event):
    pending = _citizen(event)
    with CaptureQueriesContext(connection) as captured:
        services.registration_cancel(registration=pending)
    assert not [q for q in captured.captured_queries
                if q["sql"].startswith('UPDATE "events_event"')]


def test_more_seats_promote_as_many_waiting_people_in_their_order(
    community, register, commit, outbox, clock
):
    event = EventFactory(community=community, capacity=1)
    register(event)
    line = [register(event) for _ in range(4)]
    outbox.clear()
    later = timezone.now() + dt.timedelta(hours=1)
    clock(later)
    commit(services.event_update, event=event, capacity=4)
    for registration in line:
        registration.refresh_from_db()
    assert [r.status for r in line] == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert [r.waiting_position for r in line] == [None, None, None, 4]
    # A promoted person's confirmation date is the moment they got the seat
    assert [r.confirmed_at for r in line[:3]] == [later] * 3
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count, row.next_waiting_position) == (4, 1, 5)
    assert all("seat freed up" in m.subject for m in outbox)
    assert sorted(_address(m) for m in outbox) == sorted(r.email for r in line[:3])


def test_a_cancellation_promotes_one_person_and_dates_their_seat(
    community, register, commit, outbox, clock
):
    event = EventFactory(community=community, capacity=1)
    holder = register(event)
    first, second = register(event), register(event)
    later = timezone.now() + dt.timedelta(minutes=5)
    clock(later)
    outbox.clear()
    commit(services.registration_cancel, registration=holder)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.confirmed_at, first.waiting_position) == ("confirmed", later, None)
    assert (second.status, second.waiting_position) == ("waiting", 2)
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count) == (1, 1)
    assert [_address(m) for m in outbox] == [first.email]


# --- A cancelled event ------------------------------------------------------------


def test_cancelling_an_event_ends_every_registration_and_tells_holders_and_waiting(
    community, register, commit, outbox
):
    event = EventFactory(community=community, capacity=1)
    holder, waiting = register(event), register(event)
    pending = _citizen(event)
    outbox.clear()
    commit(services.event_cancel, event=event, reason="Tempête")
    row = _row(event)
    rows = list(Registration.objects.filter(event=event))
    assert {r.status for r in rows} == {"cancelled"}
    assert {r.cancelled_at for r in rows} == {row.cancelled_at}
    assert {r.waiting_position for r in rows} == {None}
    assert (row.confirmed_count, row.waiting_count) == (0, 0)
    # The seat holder and the waiting person are told, once each; not the
    # unconfirmed address; and nobody is told a seat freed up.
    assert sorted(_address(m) for m in outbox) == sorted([holder.email, waiting.email])
    assert all(m.subject.startswith("Cancelled:") for m in outbox)
    # Nobody can take a seat any more
    assert _code(lambda: services.registration_confirm(
        token=tokens.make(pending, tokens.CONFIRM))) == "cancelled"


def test_a_draft_cancelled_tells_nobody(community, commit, outbox):
    event = EventFactory(community=community, state=Event.State.DRAFT, published_at=None)
    outbox.clear()
    commit(services.event_cancel, event=event)
    assert outbox == []


def _cancel_event_rows_only(event):
    """An event cancelled before cancelling ended its registrations: the rows
    of such events were left live."""
    Event.objects.filter(pk=event.pk).update(
        state=Event.State.CANCELLED, cancelled_at=timezone.now()
    )


def test_a_pending_registration_cannot_be_confirmed_on_a_cancelled_event(event):
    pending = _citizen(event)
    _cancel_event_rows_only(event)
    code = _code(lambda: services.registration_confirm(
        token=tokens.make(pending, tokens.CONFIRM)))
    assert code == "event_cancelled"
    pending.refresh_from_db()
    assert pending.is_pending and pending.confirmed_at is None
    assert _row(event).confirmed_count == 0


def test_people_waiting_on_a_cancelled_event_get_no_seat_freed_email(
    community, register, commit, outbox
):
    event = EventFactory(community=community, capacity=1)
    holder, waiting = register(event), register(event)
    _cancel_event_rows_only(event)
    outbox.clear()
    commit(services.registration_cancel, registration=holder)
    waiting.refresh_from_db()
    assert waiting.is_waiting and outbox == []
    assert _row(event).confirmed_count == 0


# --- Cancelling a registration: until the event is over -----------------------------


@pytest.mark.parametrize("offset, refused", [(-US, False), (dt.timedelta(0), True), (US, True)])
def test_a_registration_cannot_be_cancelled_once_the_event_is_over(
    event, register, clock, offset, refused
):
    registration = register(event)
    clock(event.ends_at + offset)
    if refused:
        assert _refusal(lambda: services.registration_cancel(registration=registration)) == (
            "over", "This event has already taken place.")
        registration.refresh_from_db()
        assert registration.is_confirmed and _row(event).confirmed_count == 1
    else:
        services.registration_cancel(registration=registration)
        registration.refresh_from_db()
        assert registration.status == "cancelled" and _row(event).confirmed_count == 0


def test_a_cancelled_registration_cannot_be_cancelled_again(event, register):
    registration = register(event)
    services.registration_cancel(registration=registration)
    assert _refusal(lambda: services.registration_cancel(registration=registration)) == (
        "cancelled", "This registration is already cancelled.")
    assert _row(event).confirmed_count == 0


def test_cancelling_a_pending_registration_frees_no_seat(community, register):
    event = EventFactory(community=community, capacity=1)
    register(event)
    waiting = register(event)
    pending = _citizen(event)
    services.registration_cancel(registration=pending)
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count) == (1, 1)
    waiting.refresh_from_db()
    assert waiting.is_waiting


# --- Opening and closing: the exact instants -------------------------------------------


@pytest.fixture
def windowed(community):
    """Registration opens in a day and closes in three; the event starts in a week."""
    now = timezone.now().replace(microsecond=0)
    return EventFactory(
        community=community,
        starts_at=now + dt.timedelta(days=7),
        ends_at=now + dt.timedelta(days=7, hours=2),
        registration_opens_at=now + dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=3),
    )


@pytest.mark.parametrize(
    "moment, offset, code",
    [
        ("opens", -US, "not_open"),
        ("opens", dt.timedelta(0), None),
        ("closes", -US, None),
        ("closes", dt.timedelta(0), "closed"),
        ("closes", US, "closed"),
    ],
)
def test_registration_opens_and_closes_at_the_exact_instant(
    windowed, clock, moment, offset, code
):
    clock(getattr(windowed, f"registration_{moment}_at") + offset)
    person = UserFactory()
    register = lambda: services.registration_create(event=windowed, user=person)  # noqa: E731
    if code:
        assert _code(register) == code
        assert not Registration.objects.filter(event=windowed).exists()
    else:
        assert register().is_confirmed


@pytest.mark.parametrize("offset, code", [(-US, None), (dt.timedelta(0), "started")])
def test_without_a_closing_date_registration_closes_at_the_start(event, clock, offset, code):
    clock(event.starts_at + offset)
    register = lambda: services.registration_create(event=event, user=UserFactory())  # noqa: E731
    if code:
        assert _code(register) == code
    else:
        assert register().is_confirmed


@pytest.mark.parametrize(
    "offset, code", [(-US, None), (dt.timedelta(0), "closed"), (US, "closed")]
)
def test_a_confirmation_link_takes_a_seat_until_the_exact_closing_instant(
    windowed, clock, offset, code
):
    clock(windowed.registration_opens_at)
    pending = _citizen(windowed)
    clock(windowed.registration_closes_at + offset)
    confirm = lambda: services.registration_confirm(  # noqa: E731
        token=tokens.make(pending, tokens.CONFIRM))
    if code:
        assert _code(confirm) == code
        pending.refresh_from_db()
        assert pending.is_pending and _row(windowed).confirmed_count == 0
    else:
        confirmed = confirm()
        assert confirmed.is_confirmed
        assert confirmed.confirmed_at == windowed.registration_closes_at - US
        assert _row(windowed).confirmed_count == 1


@pytest.mark.parametrize("offset, code", [(-US, None), (dt.timedelta(0), "started")])
def test_a_confirmation_link_takes_no_seat_once_the_event_started(event, clock, offset, code):
    pending = _citizen(event)
    clock(event.starts_at + offset)
    confirm = lambda: services.registration_confirm(  # noqa: E731
        token=tokens.make(pending, tokens.CONFIRM))
    if code:
        assert _code(confirm) == code
        assert _row(event).confirmed_count == 0
    else:
        assert confirm().is_confirmed


def test_a_cancelled_registration_cannot_be_confirmed(event):
    pending = _citizen(event)
    services.registration_cancel(registration=pending)
    code = _code(lambda: services.registration_confirm(
        token=tokens.make(pending, tokens.CONFIRM)))
    assert code == "cancelled"


# --- Confirmation links expire after 7 days (docs/events.md) ----------------------------


@pytest.mark.parametrize("age, expired", [
    (dt.timedelta(days=7), False),
    (dt.timedelta(days=7, microseconds=1), True),
])
def test_a_confirmation_link_expires_after_seven_days(event, monkeypatch, age, expired):
    pending = _citizen(event)
    issued = 1_900_000_000  # signed timestamps are whole seconds
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: issued))
    token = tokens.make(pending, tokens.CONFIRM)
    at = issued + age.total_seconds()
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: at))
    if expired:
        assert _code(lambda: services.registration_confirm(token=token)) == "expired"
        pending.refresh_from_db()
        assert pending.is_pending
    else:
        assert services.registration_confirm(token=token).is_confirmed
    # Cancel links do not expire
    assert tokens.read(tokens.make(pending, tokens.CANCEL), tokens.CANCEL).pk == pending.pk


# --- Names ------------------------------------------------------------------------------


def test_a_name_is_kept_to_120_characters(event):
    name = "A" * 119 + "BC"
    registration = _citizen(event, name=name)
    registration.refresh_from_db()
    assert registration.name == "A" * 119 + "B"


# --- After the event: the informed circle ------------------------------------------------


def test_someone_who_never_checked_in_cannot_ask_to_join_the_informed_circle(
    event, register, community, pair
):
    citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    registration = register(event, citizen)
    code = _code(lambda: services.attendee_join_informed(
        registration=registration, user=citizen, message="Bonjour"))
    assert code == "not_attended" and not CircleRequest.objects.exists()
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    request = services.attendee_join_informed(
        registration=registration, user=citizen, message="Bonjour")
    assert (request.circle, request.status, request.message) == (
        Circle.INFORMED, "pending", "Bonjour")


def test_an_institution_wide_event_offers_no_circle(register, pair):
    event = EventFactory(community=None)
    person = UserFactory()
    registration = register(event, person)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    code = _code(lambda: services.attendee_join_informed(
        registration=registration, user=person, message="Bonjour"))
    assert code == "not_attended" and not CircleRequest.objects.exists()


def test_an_address_registration_is_matched_whatever_the_case_of_the_account_email(
    event, pair, community
):
    registration = _citizen(event, email="zoe@example.org")
    services.registration_confirm(token=tokens.make(registration, tokens.CONFIRM))
    registration.refresh_from_db()
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    zoe = UserFactory(email="Zoe@Example.org")
    services.attendee_join_informed(registration=registration, user=zoe, message="Bonjour")
    assert Membership.objects.get(user=zoe, community=community).circle == Circle.CITIZENS
    assert CircleRequest.objects.get(user=zoe).circle == Circle.INFORMED
    # Someone else's registration is not theirs
    other = UserFactory(email="other@example.org")
    code = _code(lambda: services.attendee_join_informed(
        registration=registration, user=other, message="Bonjour"))
    assert code == "not_yours"


# --- What a refused person reads ------------------------------------------------------

BAD_LINK = ("bad_link", "This link is not valid. Copy the whole address from the e-mail.")


def test_a_link_to_a_registration_that_no_longer_exists_is_refused(event):
    pending = _citizen(event)
    token = tokens.make(pending, tokens.CONFIRM)
    Registration.objects.filter(pk=pending.pk).delete()
    assert _refusal(lambda: services.registration_confirm(token=token)) == BAD_LINK


def test_a_link_signed_for_another_secret_is_refused(event):
    pending = _citizen(event)
    token = signing.dumps([pending.pk, "guess"], salt="events.registration.confirm",
                          compress=True)
    assert _refusal(lambda: services.registration_confirm(token=token)) == BAD_LINK
    pending.refresh_from_db()
    assert pending.is_pending


def test_each_refused_confirmation_says_why(event, clock):
    token_of = lambda r: tokens.make(r, tokens.CONFIRM)  # noqa: E731
    used = _citizen(event, email="used@example.org")
    services.registration_confirm(token=token_of(used))
    assert _refusal(lambda: services.registration_confirm(token=token_of(used))) == (
        "used", "You already confirmed this registration: this link has been used.")
    cancelled = _citizen(event, email="gone@example.org")
    services.registration_cancel(registration=cancelled)
    assert _refusal(lambda: services.registration_confirm(token=token_of(cancelled))) == (
        "cancelled", "This registration was cancelled.")
    late = _citizen(event, email="late@example.org")
    clock(event.starts_at)
    assert _refusal(lambda: services.registration_confirm(token=token_of(late))) == (
        "started", "This event has already started.")


def test_a_confirmation_after_closing_names_the_closing_date(windowed, clock):
    clock(windowed.registration_opens_at)
    pending = _citizen(windowed)
    # Two hours after closing: the message names the closing date, not the time it is read.
    clock(windowed.registration_closes_at + dt.timedelta(hours=2))
    code, message = _refusal(lambda: services.registration_confirm(
        token=tokens.make(pending, tokens.CONFIRM)))
    closes = timezone.localtime(windowed.registration_closes_at, windowed.tz)
    assert code == "closed"
    assert message == f"Registration closed on {formats.date_format(closes, 'DATETIME_FORMAT')}."


def test_a_confirmation_on_a_cancelled_event_says_so(event):
    pending = _citizen(event)
    _cancel_event_rows_only(event)
    assert _refusal(lambda: services.registration_confirm(
        token=tokens.make(pending, tokens.CONFIRM))) == ("event_cancelled",
                                                          "This event was cancelled.")


def test_the_informed_circle_offer_says_why_it_is_refused(event, register, community, pair):
    citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    registration = register(event, citizen)
    assert _refusal(lambda: services.attendee_join_informed(
        registration=registration, user=citizen, message="Bonjour")) == (
        "not_attended", "This offer is for people who took part in an event of a community.")
    assert _refusal(lambda: services.attendee_join_informed(
        registration=registration, user=UserFactory(), message="Bonjour")) == (
        "not_yours", "This registration is not yours.")


def test_a_member_of_another_community_joins_this_one_before_asking(
    event, register, community, other_community, pair
):
    person = MembershipFactory(community=other_community, circle=Circle.ENGAGED).user
    registration = register(event, person)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    services.attendee_join_informed(registration=registration, user=person, message="Bonjour")
    assert Membership.objects.get(user=person, community=community).circle == Circle.CITIZENS
    assert Membership.objects.get(user=person, community=other_community).circle == Circle.ENGAGED


def test_a_circle_event_names_its_circles_to_people_outside_them(community):
    event = EventFactory(community=community, audience=Event.Audience.CIRCLES,
                         for_informed=True, for_engaged=True)
    outsider = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    code, message = _refusal(lambda: services.registration_create(event=event, user=outsider))
    labels = ", ".join(str(Circle(c).label) for c in (Circle.INFORMED, Circle.ENGAGED))
    assert (code, message) == (
        "audience",
        f"This event is reserved for the {labels} circle(s) of {community}.",
    )


# --- Check-in -----------------------------------------------------------------------------


def test_check_in_records_who_checked_the_person_in_and_undo_clears_both(
    event, register, pair
):
    registration, other = register(event), register(event)
    organiser = pair.territory_gardener
    services.registration_check_in(registration=registration, actor=organiser)
    services.registration_check_in(registration=other, actor=organiser)
    registration.refresh_from_db()
    assert registration.checked_in_by == organiser and registration.checked_in_at is not None
    services.registration_check_in_undo(registration=registration, actor=organiser)
    registration.refresh_from_db(), other.refresh_from_db()
    assert (registration.checked_in_at, registration.checked_in_by) == (None, None)
    assert other.checked_in_at is not None and other.checked_in_by == organiser
    assert _row(event).checked_in_count == 1
    waiting = register(EventFactory(community=event.community, capacity=0))
    assert _refusal(lambda: services.registration_check_in(
        registration=waiting, actor=organiser)) == (
        "not_confirmed",
        f"{waiting.name} has no confirmed seat ({waiting.get_status_display()}).")
    assert _refusal(lambda: services.registration_check_in_undo(
        registration=registration, actor=organiser)) == (
        "not_checked_in", f"{registration.name} was not checked in.")
    assert _row(event).checked_in_count == 1


# --- The calendar feed address -------------------------------------------------------------


def test_resetting_the_feed_address_gives_a_new_40_character_secret(clock):
    person = UserFactory()
    first = services.calendar_token_reset(user=person)
    assert len(first.token) == 40
    later = timezone.now() + dt.timedelta(days=1)
    clock(later)
    second = services.calendar_token_reset(user=person)
    second.refresh_from_db()
    assert len(second.token) == 40 and second.token != first.token
    assert second.created_at == later


# --- Counters that drifted ---------------------------------------------------------------


def test_a_waiting_count_larger_than_the_line_promotes_only_waiting_people(
    community, register, commit, outbox
):
    # Given an event whose waiting count says 3 but whose line holds one person
    event = EventFactory(community=community, capacity=1)
    holder, waiting = register(event), register(event)
    Event.objects.filter(pk=event.pk).update(waiting_count=3)
    outbox.clear()
    # When three seats are added
    commit(services.event_update, event=event, capacity=4)
    # Then the one waiting person is promoted, nobody else, and the counts are saved
    waiting.refresh_from_db(), holder.refresh_from_db()
    assert waiting.is_confirmed and holder.is_confirmed
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count) == (2, 2)
    assert [_address(m) for m in outbox] == [waiting.email]


def test_promotions_only_take_people_waiting_for_this_event(community, register):
    event, other = (EventFactory(community=community, capacity=1) for _ in range(2))
    register(event)
    register(other)
    elsewhere = register(other)
    services.event_update(event=event, capacity=2)
    elsewhere.refresh_from_db()
    assert elsewhere.is_waiting
    assert (_row(event).confirmed_count, _row(other).waiting_count) == (1, 1)


def test_a_registration_change_does_not_touch_the_event_modification_date(
    community, register
):
    event = EventFactory(community=community, capacity=1)
    before = _row(event).updated_at
    holder = register(event)
    register(event)
    services.registration_cancel(registration=holder)
    pending = _citizen(event)
    services.registration_confirm(token=tokens.make(pending, tokens.CONFIRM))
    assert _row(event).updated_at == before


def test_without_an_active_language_a_citizen_registration_is_in_french(event):
    from django.utils import translation

    with translation.override(None):
        registration = _citizen(event)
    assert registration.language == "fr"


def test_checking_someone_in_twice_says_when_they_were_checked_in(event, register, pair, clock):
    registration = register(event)
    at = timezone.now().replace(microsecond=0)
    clock(at)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    clock(at + dt.timedelta(hours=2))  # the second phone, later: it names the first time
    code, message = _refusal(lambda: services.registration_check_in(
        registration=registration, actor=pair.territory_gardener))
    assert code == "already"
    assert message == (
        f"{registration.name} was already checked in at "
        f"{formats.time_format(timezone.localtime(at))}."
    )
    assert _row(event).checked_in_count == 1


def test_a_code_is_read_whatever_its_case_spaces_and_dashes():
    assert services.normalise_code(" ab-c 2d ") == "ABC2D"


def test_a_non_member_joins_a_community_that_already_has_members(
    event, register, community, pair
):
    MembershipFactory(community=community, circle=Circle.ENGAGED)
    person = UserFactory()
    registration = register(event, person)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    services.attendee_join_informed(registration=registration, user=person, message="Bonjour")
    assert Membership.objects.get(user=person, community=community).circle == Circle.CITIZENS
    assert CircleRequest.objects.get(user=person).circle == Circle.INFORMED


# --- An event that changed since the page read it -----------------------------------------
# The seat's conditional UPDATE applies only to the row as it was read
# (seats.CHECKED_FIELDS) and with room on the row as it is: each test below
# fails if the condition it names is dropped from the UPDATE.


@pytest.fixture
def as_read(community):
    """An event as the event page read it, before someone else changed its row."""
    event = EventFactory(community=community, capacity=3)
    return Event.objects.select_related("community").get(pk=event.pk)


def test_an_event_cancelled_since_it_was_read_takes_no_registration(
    as_read, pair, commit, outbox
):
    services.event_cancel(event=as_read, actor=pair.territory_gardener)
    # The row and its notification were written for a seat, then rolled back
    code, message = _refusal(lambda: commit(
        services.registration_create, event=as_read, user=UserFactory()))
    assert (code, message) == ("cancelled", "This event was cancelled: registrations are closed.")
    assert not Registration.objects.exists() and _row(as_read).confirmed_count == 0
    assert not Notification.objects.exists() and outbox == []


def test_a_closing_date_moved_since_it_was_read_is_the_one_that_counts(as_read, clock):
    now = timezone.now()
    Event.objects.filter(pk=as_read.pk).update(registration_closes_at=now - dt.timedelta(minutes=1))
    assert _code(lambda: services.registration_create(event=as_read, user=UserFactory())) == "closed"
    assert not Registration.objects.exists() and _row(as_read).confirmed_count == 0


def test_a_change_since_it_was_read_that_keeps_it_open_still_gives_the_seat(
    as_read, commit, outbox
):
    # The seat's UPDATE does not apply to a changed row: the registration is
    # written again under the lock, once, and told once
    services.event_update(event=as_read, registration_closes_at=as_read.starts_at
                          - dt.timedelta(hours=1))
    person = UserFactory()
    registration = commit(services.registration_create, event=as_read, user=person)
    assert registration.is_confirmed
    assert Registration.objects.filter(event=as_read).count() == 1
    assert _row(as_read).confirmed_count == 1
    assert Notification.objects.filter(recipient=person).count() == 1
    assert [_address(m) for m in outbox] == [person.email]


def test_circles_chosen_since_it_was_read_refuse_people_outside_them(as_read):
    services.event_update(event=as_read, audience=Event.Audience.CIRCLES,
                          circles=[Circle.ENGAGED])
    assert _code(lambda: services.registration_create(event=as_read, user=UserFactory())) == (
        "audience")
    assert not Registration.objects.exists() and _row(as_read).confirmed_count == 0


def test_seats_removed_since_it_was_read_put_the_person_in_line(as_read, register):
    register(as_read)
    services.event_update(event=as_read, capacity=1)
    # the page still says 3 seats, 0 taken
    registration = services.registration_create(event=as_read, user=UserFactory())
    assert (registration.status, registration.waiting_position) == ("waiting", 1)
    row = _row(as_read)
    assert (row.confirmed_count, row.waiting_count) == (1, 1)


def test_a_seat_freed_since_the_page_said_full_is_given(community, register):
    event = EventFactory(community=community, capacity=1)
    holder = register(event)
    as_read = Event.objects.select_related("community").get(pk=event.pk)
    assert as_read.is_full
    services.registration_cancel(registration=holder)
    registration = services.registration_create(event=as_read, user=UserFactory())
    assert registration.is_confirmed
    row = _row(event)
    assert (row.confirmed_count, row.waiting_count) == (1, 0)


def test_a_code_already_taken_is_drawn_again(event, monkeypatch):
    first = services.registration_create(event=event, user=UserFactory())
    draws = iter([first.code, "ZZZZZ2"])
    real = services.registrations.get_random_string
    monkeypatch.setattr(
        services.registrations, "get_random_string",
        lambda length, chars=None: next(draws) if length == services.registrations.CODE_LENGTH
        else real(length),
    )
    second = services.registration_create(event=event, user=UserFactory())
    assert second.code == "ZZZZZ2" and second.is_confirmed
    assert _row(event).confirmed_count == 2


def test_a_citizen_who_gives_nothing_is_told_each_missing_field_and_nothing_is_kept(event):
    """Without an account: a name, an e-mail and consent, each asked for in
    words; the service's defaults are empty, never a placeholder."""
    assert refusals(lambda: services.registration_create(event=event)) == [
        ("consent", "Tick the box to agree that we keep your name and e-mail for this event.",
         "required"),
        ("email", "Enter a valid e-mail address.", "invalid"),
        ("name", "Tell us your name.", "required"),
    ]
    assert refusals(lambda: services.registration_create(
        event=event, email="zoe@example.org", consent=True)) == [
        ("name", "Tell us your name.", "required")]
    assert not Registration.objects.exists()


def test_a_member_is_written_to_in_their_own_language_whatever_the_page_was_in(event):
    """The e-mails about a seat (confirmation, a seat freed, a cancelled
    event) go out in the registration's language: a member's is the one of
    their profile, not the one of the page they clicked on."""
    english = UserFactory(preferred_language="en")
    with translation.override("fr"):
        registration = services.registration_create(event=event, user=english)
    assert registration.language == "en"
    unset = UserFactory(preferred_language="")
    with translation.override("fr"):
        registration = services.registration_create(event=event, user=unset, language="en")
    assert registration.language == "en"


def test_each_registration_has_a_secret_of_its_own_and_a_code_read_aloud_without_doubt(event):
    """The secret ties a signed link to one row; the code is read aloud at the
    door and typed on a phone: no 0/O, no 1/I, no lower case."""
    people = [services.registration_create(event=event, user=UserFactory()) for _ in range(12)]
    secrets = {r.secret for r in people}
    assert len(secrets) == 12 and {len(s) for s in secrets} == {32}
    codes = "".join(r.code for r in people)
    assert len(codes) == 12 * services.registrations.CODE_LENGTH
    assert set(codes) <= set(services.registrations.CODE_ALPHABET)


def test_the_same_address_registered_meanwhile_is_refused_in_words(event, monkeypatch):
    """A second tab: the address was free when read, taken when written. The
    row is refused by the database; the person reads why, not an error page."""
    real = services.registrations.has_room
    calls = []

    def has_room_then_the_other_tab_registers(event_, user, email):
        room = real(event_, user, email)
        calls.append(email)
        if len(calls) == 1:
            Registration.objects.create(event=event_, name="Zoé (other tab)", email=email,
                                        language="fr", code="OTHER2", secret="x" * 32)
        return room

    monkeypatch.setattr(services.registrations, "has_room", has_room_then_the_other_tab_registers)
    code, message = _refusal(lambda: services.registration_create(
        event=event, name="Zoé", email="zoe@example.org", consent=True))
    assert code == "duplicate"
    assert message.startswith("This e-mail address is already registered for this event.")
    assert calls == ["zoe@example.org"]  # the second look raised before returning
    assert Registration.objects.filter(email="zoe@example.org").count() == 1


def test_drawing_a_taken_code_gives_up_after_five_attempts(event, monkeypatch):
    first = services.registration_create(event=event, user=UserFactory())
    drawn = []
    real = services.registrations.get_random_string

    def always_the_taken_code(length, chars=None):
        if length != services.registrations.CODE_LENGTH:
            return real(length)
        drawn.append(first.code)
        return first.code

    monkeypatch.setattr(services.registrations, "get_random_string", always_the_taken_code)
    with pytest.raises(IntegrityError):
        services.registration_create(event=event, user=UserFactory())
    assert len(drawn) == services.registrations.CODE_ATTEMPTS == 5
    assert _row(event).confirmed_count == 1
