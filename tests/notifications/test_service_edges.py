"""The edges of notify() and its neighbours (notifications/services.py) that
the behaviour tests beside this file did not pin: each refusal in its words,
who is skipped without stopping the others, the digest hour to the second and
in its own zone, and a reading or e-mailing time written once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events import services as events
from events.models import EventMessage
from notifications import services
from notifications.kinds import Frequency
from notifications.models import Digest, Notification, Preference
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")
MORNING = datetime(2026, 11, 23, 7, 20, tzinfo=PARIS)  # today's digest (7:00) is due


# --- Refusals, in their words -------------------------------------------------------------


def test_an_unknown_kind_is_named_in_the_refusal(anna):
    with pytest.raises(ValueError, match="Unknown notification kind 'mentoin'"):
        services.notify([anna], "mentoin")


def test_a_kind_without_its_e_mail_says_it_cannot_reach_an_address(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = events.registration_create(event=EventFactory(), name="Zoé",
                                                  email="zoe@example.org", consent=True)
    with pytest.raises(ValueError, match="Kind 'mention' has no e-mail to reach someone "
                                         "without an account"):
        services.notify([registration], "mention")


def test_a_kind_e_mailing_about_an_object_asks_for_it(anna):
    with pytest.raises(ValueError, match="Kind 'circle_request_decided' e-mails about an "
                                         "object: pass about="):
        services.notify([anna], "circle_request_decided", data={})


def test_an_unknown_kind_of_preference_is_refused_in_words_and_writes_nothing(anna, in_english):
    Preference.objects.create(user=anna, kind="need_new", frequency=Frequency.NEVER)
    with pytest.raises(ValidationError) as refused:
        services.preferences_set(user=anna, frequencies={"need_new": Frequency.IMMEDIATELY,
                                                         "no_such_kind": Frequency.DAILY})
    assert refused.value.messages == ["This kind of notification does not exist."]
    assert refused.value.code == "bad_kind"
    assert Preference.objects.get(user=anna, kind="need_new").frequency == Frequency.NEVER


def test_an_unknown_frequency_is_refused_in_words_and_writes_nothing(anna, in_english):
    with pytest.raises(ValidationError) as refused:
        services.preferences_set(user=anna, frequencies={"mention": Frequency.DAILY,
                                                         "need_new": "hourly"})
    assert refused.value.messages == ["Choose immediately, in a daily digest, or never."]
    assert refused.value.code == "bad_frequency"
    assert not Preference.objects.exists()


# --- Preferences: one person's, one kind at a time ------------------------------------------


def test_going_back_to_a_default_removes_only_that_persons_choice_for_that_kind(anna, ben):
    services.preferences_set(user=anna, frequencies={"mention": Frequency.DAILY,
                                                     "need_step": Frequency.NEVER})
    services.preferences_set(user=ben, frequencies={"mention": Frequency.DAILY})

    chosen = services.preferences_set(user=anna, frequencies={"mention": Frequency.IMMEDIATELY})

    assert chosen["mention"] == Frequency.IMMEDIATELY
    assert chosen["need_step"] == Frequency.NEVER  # the answer is Anna's choices, not defaults
    assert set(Preference.objects.values_list("user__email", "kind")) == {
        ("anna@example.org", "need_step"), ("ben@example.org", "mention")}


# --- Who is told: a skipped recipient never stops the others --------------------------------


def test_nobody_none_the_actor_and_a_duplicate_are_skipped_not_the_rest(anna, ben, notify):
    carla = UserFactory(email="carla@example.org")
    rows = notify([None, anna, anna, carla, ben], actor=anna)
    assert sorted(row.recipient.email for row in rows) == ["ben@example.org",
                                                           "carla@example.org"]
    assert sorted(address.split("<")[1] for m in mail.outbox for address in m.to) == [
        "ben@example.org>", "carla@example.org>"]


def test_a_row_keeps_its_link_and_has_none_when_given_none(anna, notify):
    [linked] = notify([anna], url="/communautes/bio/canaux/1/")
    [plain] = notify([anna])
    assert (linked.url, plain.url) == ("/communautes/bio/canaux/1/", "")


def test_a_kind_without_a_centre_writes_no_line_for_an_account(django_capture_on_commit_callbacks):
    """A letter's test copy (in_app=False) is an e-mail only, also to a staff account."""
    from tests.newsletters.factories import LetterFactory

    editor = UserFactory(email="editor@example.org")
    letter = LetterFactory()
    with django_capture_on_commit_callbacks(execute=True):
        rows = services.notify([editor], "letter_test", about=letter)
    assert rows == [] and not Notification.objects.exists()


def test_a_daily_kind_is_not_e_mailed_at_once_and_the_next_person_still_is(
        anna, ben, django_capture_on_commit_callbacks):
    """A kind without its own e-mail: Anna's line waits for her digest, and no
    task is even queued for her; Ben, after her in the list, is e-mailed now."""
    services.preferences_set(user=anna, frequencies={"mention": Frequency.DAILY})
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.notify([anna, ben], "mention", data={"channel": "général", "excerpt": "Samedi"})
    assert len(queued) == 1
    assert [m.to for m in mail.outbox] == [["Ben Smith <ben@example.org>"]]


def test_with_its_own_e_mail_a_daily_person_does_not_stop_the_next(
        anna, ben, django_capture_on_commit_callbacks):
    """The organisers' message to registrants (its own e-mail): Anna chose the
    digest for it, Ben did not; Ben, after her, is e-mailed at once."""
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = events.registration_create(event=event, user=anna)
        second = events.registration_create(event=event, user=ben)
    services.preferences_set(user=anna, frequencies={"event_message": Frequency.DAILY})
    message = EventMessage.objects.create(event=event, subject="Covoiturage", body="Départ 9h")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([first, second], "event_message", data={"event": event.title},
                        email_kwargs={"message_id": message.pk})
    assert [m.to for m in mail.outbox] == [["Ben Smith <ben@example.org>"]]


# --- Reading and e-mailing: once ------------------------------------------------------------


def test_the_first_reading_time_is_kept(anna, notify):
    [row] = notify([anna], email=False)
    assert services.notification_mark_read(notification=row) is True
    first = Notification.objects.get(pk=row.pk).read_at
    assert services.notification_mark_read(notification=row) is False
    assert Notification.objects.get(pk=row.pk).read_at == first


def test_the_first_e_mailing_time_is_kept(anna, notify):
    [row] = notify([anna], email=False)
    assert services.notification_mark_emailed(notification_id=row.pk, now=MORNING) is True
    assert services.notification_mark_emailed(notification_id=row.pk,
                                              now=MORNING + timedelta(hours=1)) is False
    assert Notification.objects.get(pk=row.pk).emailed_at == MORNING


# --- The digest's hour, to the second and in its zone ---------------------------------------


def test_the_digest_is_due_at_its_hour_to_the_second():
    seven = datetime(2026, 11, 23, 7, 0, tzinfo=PARIS)
    assert services.digest_slot(seven)[0].isoformat() == "2026-11-23"
    assert services.digest_slot(seven - timedelta(seconds=1))[0].isoformat() == "2026-11-22"


def test_the_digest_follows_its_own_zone_not_the_servers(settings):
    """A site whose clock is in La Réunion still sends the Paris digest at 7:00
    Paris time; a region that sets the digest's zone gets its own."""
    settings.TIME_ZONE = "Indian/Reunion"  # the process' local time too
    # 6:30 in Paris (before its 7:00), 9:30 in La Réunion
    moment = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)
    day, cutoff = services.digest_slot(moment)
    assert day.isoformat() == "2026-11-22" and cutoff.tzinfo == PARIS
    settings.NOTIFICATION_DIGEST_TIME_ZONE = "Indian/Reunion"
    day, cutoff = services.digest_slot(moment)
    assert day.isoformat() == "2026-11-23"
    assert cutoff == datetime(2026, 11, 23, 7, 0, tzinfo=ZoneInfo("Indian/Reunion"))


def _daily(user, kind="need_new", when=MORNING - timedelta(hours=3)):
    rows = services.notify([user], kind, data={"title": "Un local"})
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(created_at=when)


def test_a_person_with_todays_digest_already_does_not_stop_the_next(
        anna, ben, django_capture_on_commit_callbacks):
    first, second = sorted([anna, ben], key=lambda u: u.pk)
    _daily(first)
    _daily(second)
    Digest.objects.create(user=first, day=MORNING.date())  # sent by another beat
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send_due(now=MORNING) == 1
    assert [m.to[0].endswith(f"<{second.email}>") for m in mail.outbox] == [True]


def test_a_person_with_nothing_left_gets_no_digest_row_and_the_next_still_gets_one(
        anna, ben, django_capture_on_commit_callbacks):
    """The first person switched the only kind waiting to "never": no digest,
    and no digest recorded for the day either; the next person gets theirs."""
    first, second = sorted([anna, ben], key=lambda u: u.pk)
    _daily(first)
    _daily(second)
    services.preferences_set(user=first, frequencies={"need_new": Frequency.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send_due(now=MORNING) == 1
    assert list(Digest.objects.values_list("user_id", flat=True)) == [second.pk]
    assert len(mail.outbox) == 1 and mail.outbox[0].to[0].endswith(f"<{second.email}>")


def test_two_addresses_whose_capitals_are_the_same_may_be_two_people(
        django_capture_on_commit_callbacks):
    """People are told apart by their address in small letters: "straße" and
    "strasse" are two domains (IDNA 2008), two people, although in capitals
    both read "STRASSE"."""
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = [
            events.registration_create(event=event, name=name, email=email, consent=True)
            for name, email in (("Anne", "anne@straße.example"),
                                ("Anne bis", "anne@strasse.example"))
        ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(registrations, "event_cancelled", data={"event": event.title})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Anne <anne@straße.example>", "Anne bis <anne@strasse.example>"]
