"""The e-mail of a changed event says what changed, from what to what
(events/emails.py: what_changed), in each registrant's language."""

import datetime as dt

import pytest

from accounts.models import User
from events import services
from events.models import Event
from tests.factories import UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

UTC = dt.timezone.utc
# Saturday 15 May 2027, 14:00–16:00 in Paris (UTC+2 in summer).
SATURDAY = dt.datetime(2027, 5, 15, 12, 0, tzinfo=UTC)
SUNDAY = dt.datetime(2027, 5, 16, 8, 0, tzinfo=UTC)  # 10:00 in Paris


@pytest.fixture
def spring_event(community, pair):
    return EventFactory(community=community, organiser=pair.territory_gardener,
                        starts_at=SATURDAY, ends_at=SATURDAY + dt.timedelta(hours=2),
                        address="Maison de la Région, Montpellier")


@pytest.fixture
def told(spring_event, register, outbox, commit):
    """Register one person, change the event, return the one e-mail they got."""

    def _told(user=None, **fields):
        register(spring_event, user)
        outbox.clear()
        commit(services.event_update, event=spring_event, **fields)
        assert len(outbox) == 1
        message = outbox[0]
        return message, message.alternatives[0][0]

    return _told


def test_a_new_date_is_shown_beside_the_old_one(told):
    message, html = told(starts_at=SUNDAY, ends_at=SUNDAY + dt.timedelta(hours=2))
    assert message.subject.startswith("New date: ")
    line = ("- Date: Sunday 16 May 2027, 10:00 – 12:00 (Europe/Paris)"
            " (before: Saturday 15 May 2027, 14:00 – 16:00 (Europe/Paris))")
    assert "What changed:" in message.body and line in message.body
    assert ">Date: Sunday 16 May 2027, 10:00 – 12:00 (Europe/Paris) (before: Saturday" in html
    assert "Place:" not in message.body.split("When:")[0]


def test_a_new_place_is_shown_beside_the_old_one(told):
    message, html = told(address="Halle aux grains, Toulouse")
    assert message.subject.startswith("New place: ")
    assert ("- Place: Halle aux grains, Toulouse (before: Maison de la Région, Montpellier)"
            in message.body)
    assert "Date:" not in message.body


def test_a_date_and_a_place_together_say_both(told):
    message, _html = told(starts_at=SUNDAY, ends_at=SUNDAY + dt.timedelta(hours=2),
                          address="Halle aux grains, Toulouse")
    assert message.subject.startswith("Change of date or place: ")
    changes = message.body.split("What changed:")[1].split("When:")[0]
    assert "- Date: Sunday" in changes and "- Place: Halle aux grains" in changes


def test_an_event_going_online_says_so_and_gives_no_place(told):
    message, _html = told(format=Event.Format.ONLINE, address="",
                          online_url="https://visio.example.org/forum")
    assert message.subject.startswith("New place: ")
    changes = message.body.split("What changed:")[1].split("When:")[0]
    assert "- Format: online (before: in person)" in changes
    assert "- Online link: a new link" in changes
    assert "Place:" not in changes
    assert "Online link: https://visio.example.org/forum" in message.body  # a seat holder's


def test_a_new_time_zone_shows_both_zones(told):
    message, _html = told(time_zone="Indian/Reunion")
    assert ("- Date: Saturday 15 May 2027, 16:00 – 18:00 (Indian/Reunion)"
            " (before: Saturday 15 May 2027, 14:00 – 16:00 (Europe/Paris))" in message.body)


def test_an_end_on_another_day_is_written_with_its_date(told):
    message, _html = told(ends_at=SATURDAY + dt.timedelta(days=1))
    assert ("- Date: Saturday 15 May 2027, 14:00 – Sunday 16 May 2027, 14:00 (Europe/Paris)"
            in message.body)


def test_a_french_registrant_reads_the_change_in_french(told):
    french = UserFactory()
    User.objects.filter(pk=french.pk).update(preferred_language="fr")  # past in_english
    french.refresh_from_db()
    message, _html = told(french,
                          starts_at=SUNDAY, ends_at=SUNDAY + dt.timedelta(hours=2))
    assert message.subject.startswith("Nouvelle date : ")
    assert "Ce qui change :" in message.body
    assert ("- Date : dimanche 16 mai 2027, 10:00 – 12:00 (Europe/Paris)"
            " (auparavant : samedi 15 mai 2027, 14:00 – 16:00 (Europe/Paris))" in message.body)
    assert "Quand : dimanche 16 mai 2027, 10:00 – 12:00 (Europe/Paris)" in message.body


def test_an_e_mail_queued_without_the_old_values_still_renders(spring_event, register, outbox):
    """A task queued by the previous version carries only the names of the
    fields: the e-mail shows the event as it is now, as it did then."""
    from events.emails import EventChangedEmail

    registration = register(spring_event)
    outbox.clear()
    EventChangedEmail(registration, changes=["starts_at"]).dispatch()
    assert outbox[0].subject.startswith("New date: ")
    assert "What changed:" not in outbox[0].body and "When: Saturday 15 May 2027" in outbox[0].body


def test_every_registrant_e_mail_writes_the_end_date_of_an_event_over_two_days(
        community, pair, register, outbox):
    """Not "Saturday 15 May 2027, 14:00 – 14:00": the end is the next day."""
    festival = EventFactory(community=community, organiser=pair.territory_gardener,
                            starts_at=SATURDAY, ends_at=SATURDAY + dt.timedelta(days=1))
    outbox.clear()
    register(festival)
    [message] = outbox
    when = "When: Saturday 15 May 2027, 14:00 – Sunday 16 May 2027, 14:00 (Europe/Paris)"
    assert when in message.body
    assert "Saturday 15 May 2027, 14:00 – Sunday 16 May 2027, 14:00" in message.alternatives[0][0]
