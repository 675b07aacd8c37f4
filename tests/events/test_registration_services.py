"""Registering, confirming, cancelling, the waiting list: what people notice."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities.models import Circle
from events import services, tokens
from events.models import Event, Registration
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def _event_row(event):
    return Event.objects.get(pk=event.pk)


def _confirm_link(message) -> str:
    return re.search(r"/events/r/confirm/([^/\s]+)/", message.body).group(1)


# --- Members ----------------------------------------------------------------------


def test_a_member_registers_in_one_click_and_gets_a_seat_and_the_ics(event, register, outbox):
    # When
    registration = register(event)
    # Then
    assert registration.status == Registration.Status.CONFIRMED
    assert _event_row(event).confirmed_count == 1
    assert len(outbox) == 1
    assert outbox[0].attachments[0][0].endswith(".ics")
    assert "BEGIN:VEVENT" in outbox[0].attachments[0][1]
    assert "/events/r/cancel/" in outbox[0].body


def test_when_the_event_is_full_people_wait_in_order(community, register, outbox):
    event = EventFactory(community=community, capacity=2)
    first, second = register(event), register(event)
    third, fourth = register(event), register(event)
    assert [r.status for r in (first, second)] == ["confirmed", "confirmed"]
    assert (third.status, third.waiting_position) == ("waiting", 1)
    assert (fourth.status, fourth.waiting_position) == ("waiting", 2)
    assert "waiting list, number 2" in outbox[-1].body


def test_a_cancellation_promotes_the_first_waiting_person_who_is_told(
    community, register, commit, outbox
):
    event = EventFactory(community=community, capacity=1)
    holder = register(event)
    first_in_line, second_in_line = register(event), register(event)
    outbox.clear()
    # When
    commit(services.registration_cancel, registration=holder)
    # Then
    first_in_line.refresh_from_db()
    second_in_line.refresh_from_db()
    assert first_in_line.status == "confirmed" and first_in_line.waiting_position is None
    assert second_in_line.status == "waiting"
    row = _event_row(event)
    assert (row.confirmed_count, row.waiting_count) == (1, 1)
    assert [m.to for m in outbox] == [[f"{first_in_line.name} <{first_in_line.email}>"]]
    assert "seat freed up" in outbox[0].subject
    assert outbox[0].attachments


def test_registering_twice_is_refused_and_changes_nothing(event, register):
    user = UserFactory()
    register(event, user)
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(event=event, user=user)
    assert Registration.objects.filter(event=event).count() == 1
    assert _event_row(event).confirmed_count == 1


def test_someone_who_cancelled_may_register_again(event, register):
    user = UserFactory()
    services.registration_cancel(registration=register(event, user))
    again = register(event, user)
    assert again.status == "confirmed"
    assert _event_row(event).confirmed_count == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"state": Event.State.CANCELLED}, "cancelled"),
        ({"state": Event.State.DRAFT}, "not open"),
        ({"registration_closes_at": "past"}, "Registration closed"),
        ({"registration_opens_at": "future"}, "Registration opens"),
    ],
)
def test_registering_outside_the_window_or_to_a_closed_event_is_refused(
    event, change, message
):
    now = timezone.now()
    values = {
        key: (now - dt.timedelta(hours=1) if value == "past" else
              now + dt.timedelta(days=1) if value == "future" else value)
        for key, value in change.items()
    }
    Event.objects.filter(pk=event.pk).update(**values)
    with pytest.raises(ValidationError, match=message):
        services.registration_create(event=_event_row(event), user=UserFactory())
    assert not Registration.objects.exists()


def test_an_event_that_started_takes_no_registration(community):
    event = EventFactory(community=community)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    with pytest.raises(ValidationError, match="already started"):
        services.registration_create(event=_event_row(event), user=UserFactory())


def test_a_circle_restricted_event_refuses_people_outside_its_circles(community):
    event = EventFactory(
        community=community, audience=Event.Audience.CIRCLES, for_engaged=True
    )
    citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    engaged = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    with pytest.raises(ValidationError, match="reserved for the engaged"):
        services.registration_create(event=event, user=citizen)
    with pytest.raises(ValidationError, match="reserved"):
        services.registration_create(
            event=event, name="Zoé", email="zoe@example.org", consent=True
        )
    assert services.registration_create(event=event, user=engaged).is_confirmed
    assert Registration.objects.count() == 1


def test_unlimited_events_never_fill(community, register):
    event = EventFactory(community=community, capacity=None)
    for _ in range(5):
        assert register(event).is_confirmed
    assert _event_row(event).confirmed_count == 5


# --- Citizens without an account: double opt-in ----------------------------------


def test_a_citizen_registers_pending_then_confirms_by_the_link(event, commit, outbox):
    # When a citizen registers
    registration = commit(
        services.registration_create, event=event, name="Zoé Martin",
        email="Zoe@Example.org", consent=True, language="fr",
    )
    # Then nothing is booked until they confirm
    assert registration.status == "pending_confirmation"
    assert registration.email == "zoe@example.org" and registration.consent_at
    assert _event_row(event).confirmed_count == 0
    assert len(outbox) == 1 and "/events/r/confirm/" in outbox[0].body
    assert "/events/r/cancel/" in outbox[0].body
    # When they follow the link
    confirmed = commit(services.registration_confirm, token=_confirm_link(outbox[0]))
    # Then they hold a seat and receive the calendar file
    assert confirmed.status == "confirmed"
    assert _event_row(event).confirmed_count == 1
    assert outbox[-1].attachments and "/events/r/cancel/" in outbox[-1].body


def test_a_reused_confirmation_link_changes_nothing(event, commit, outbox):
    commit(services.registration_create, event=event, name="Zoé", email="zoe@example.org",
           consent=True)
    token = _confirm_link(outbox[0])
    services.registration_confirm(token=token)
    with pytest.raises(ValidationError, match="already confirmed"):
        services.registration_confirm(token=token)
    assert _event_row(event).confirmed_count == 1


@pytest.mark.parametrize("forge", ["tamper", "other_purpose", "wrong_secret"])
def test_a_forged_confirmation_link_is_refused(event, forge):
    registration = services.registration_create(
        event=event, name="Zoé", email="zoe@example.org", consent=True
    )
    if forge == "tamper":
        token = tokens.make(registration, tokens.CONFIRM)[:-3] + "abc"
    elif forge == "other_purpose":
        token = tokens.make(registration, tokens.CANCEL)
    else:
        token = signing.dumps([registration.pk, "guess"], salt="events.registration.confirm",
                              compress=True)
    with pytest.raises(ValidationError, match="not valid"):
        services.registration_confirm(token=token)
    registration.refresh_from_db()
    assert registration.is_pending


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": "Zoé", "email": "not-an-address", "consent": True}, "valid e-mail"),
        ({"name": "Zoé", "email": "zoe@example.org", "consent": False}, "Tick the box"),
        ({"name": " ", "email": "zoe@example.org", "consent": True}, "your name"),
    ],
)
def test_bad_citizen_input_gets_a_clear_message_and_changes_nothing(event, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.registration_create(event=event, **fields)
    assert not Registration.objects.exists()


def test_the_same_email_cannot_register_twice(event):
    services.registration_create(event=event, name="Zoé", email="zoe@example.org", consent=True)
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(
            event=event, name="Zoé M.", email="ZOE@example.org", consent=True
        )
    assert Registration.objects.count() == 1


def test_a_confirmation_for_a_full_event_joins_the_waiting_list(community, register):
    event = EventFactory(community=community, capacity=1)
    pending = services.registration_create(
        event=event, name="Zoé", email="zoe@example.org", consent=True
    )
    register(event)
    confirmed = services.registration_confirm(token=tokens.make(pending, tokens.CONFIRM))
    assert (confirmed.status, confirmed.waiting_position) == ("waiting", 1)


def test_a_cancel_link_works_without_an_account_and_only_once(event, commit, outbox):
    registration = commit(services.registration_create, event=event, name="Zoé",
                          email="zoe@example.org", consent=True)
    services.registration_confirm(token=tokens.make(registration, tokens.CONFIRM))
    by_link = tokens.read(tokens.make(registration, tokens.CANCEL), tokens.CANCEL)
    services.registration_cancel(registration=by_link)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.registration_cancel(registration=by_link)
    assert _event_row(event).confirmed_count == 0


# --- Check-in ---------------------------------------------------------------------


def test_check_in_counts_each_person_once(event, register, pair):
    registration = register(event)
    services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    with pytest.raises(ValidationError, match="already checked in"):
        services.registration_check_in(registration=registration, actor=pair.territory_gardener)
    assert _event_row(event).checked_in_count == 1
    services.registration_check_in_undo(registration=registration, actor=pair.territory_gardener)
    assert _event_row(event).checked_in_count == 0


def test_a_waiting_person_cannot_be_checked_in(community, register, pair):
    event = EventFactory(community=community, capacity=1)
    register(event)
    waiting = register(event)
    with pytest.raises(ValidationError, match="no confirmed seat"):
        services.registration_check_in(registration=waiting, actor=pair.territory_gardener)
