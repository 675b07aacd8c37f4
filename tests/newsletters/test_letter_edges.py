"""The edges of a letter's life (newsletters/services/letters.py) that the
behaviour tests beside this file did not pin: each refusal in its words and
code, each date to the instant, what opening a letter stores and tells, and
what every sending needs."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from communities.models import Circle
from newsletters import services
from newsletters.models import AudienceCircle, Letter
from newsletters.services.letters import MIN_SCHEDULE_DELAY
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

from .factories import SectionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def now(monkeypatch):
    """The clock, stopped at NOW; `now.set(moment)` moves it."""

    class Clock:
        moment = NOW

        def set(self, moment):
            self.moment = moment

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.moment)
    return clock


def _open(community, gardener, **fields):
    values = {"title": "Lettre de printemps", "planned_for": dt.date(2027, 3, 20),
              "contributions_until": NOW + dt.timedelta(days=10), **fields}
    return services.letter_create(community=community, actor=gardener, **values)


# --- Opening a letter ---------------------------------------------------------------------


@pytest.mark.parametrize("fields,expected", [
    ({"title": " "}, [("title", "Give the letter a title.", "title_required")]),
    ({"title": "t" * 161}, [("title", "Keep the title under 160 characters.", "too_long")]),
    ({"planned_for": None}, [("planned_for", "Choose a planned date.", "required")]),
    ({"contributions_until": None},
     [("contributions_until", "Choose until when members may contribute.", "required")]),
    ({"contributions_until": NOW},
     [("contributions_until", "The deadline for contributions must be in the future.",
       "deadline_past")]),
    ({"planned_for": dt.date(2027, 3, 10)},  # the deadline is 11 March, 10:00 in Paris
     [("planned_for", "The letter cannot be planned before the deadline for contributions.",
       "planned_before_deadline")]),
    ({"title": "", "planned_for": None},
     [("planned_for", "Choose a planned date.", "required"),
      ("title", "Give the letter a title.", "title_required")]),
])
def test_each_bad_field_of_a_new_letter_is_refused_in_words(community, gardener, now, fields,
                                                             expected):
    assert refusals(lambda: _open(community, gardener, **fields)) == expected
    assert not Letter.objects.exists() and not Notification.objects.exists()


def test_each_limit_of_a_new_letter_is_allowed(community, gardener, now):
    """A title of 160 characters (spaces around it dropped), a deadline one
    microsecond ahead, the letter planned on the deadline's day in Paris."""
    deadline = NOW + dt.timedelta(microseconds=1)
    letter = _open(community, gardener, title=f"  {'t' * 160}  ", contributions_until=deadline,
                   planned_for=timezone.localdate(deadline))
    assert (letter.title, letter.contributions_until) == ("t" * 160, deadline)
    late_evening = dt.datetime(2027, 3, 11, 22, 30, tzinfo=dt.timezone.utc)  # 23:30 in Paris
    _open(community, gardener, contributions_until=late_evening, planned_for=dt.date(2027, 3, 11))
    assert refusals(lambda: _open(
        community, gardener, contributions_until=dt.datetime(2027, 3, 11, 23, 30,
                                                             tzinfo=dt.timezone.utc),
        planned_for=dt.date(2027, 3, 11))) == [  # 00:30 on the 12th in Paris
        ("planned_for", "The letter cannot be planned before the deadline for contributions.",
         "planned_before_deadline")]


@pytest.mark.parametrize("invite_informed,invited,told", [
    (False, Circle.ENGAGED, ["engaged"]), (True, Circle.INFORMED, ["engaged", "informed"])])
def test_opening_a_letter_stores_it_and_calls_the_invited_circles(
        community, gardener, people, now, invite_informed, invited, told):
    letter = _open(community, gardener, intro="Bonjour à toutes et tous.",
                   invite_informed=invite_informed)
    letter.refresh_from_db()
    assert (letter.invited_circle, letter.created_by, letter.call_sent_at, letter.intro,
            letter.state) == (invited, gardener, NOW, "<p>Bonjour à toutes et tous.</p>",
                              Letter.State.CALL_OPEN)
    assert sorted(AudienceCircle.objects.filter(letter=letter).values_list(
        "community", "circle")) == [(community.pk, Circle.INFORMED), (community.pk, Circle.ENGAGED)]
    calls = Notification.objects.filter(kind="contribution_call").select_related("recipient")
    assert sorted(n.recipient.pk for n in calls) == sorted(people[r].pk for r in told)
    call = calls[0]
    assert (call.community, call.url, call.data) == (
        community, letter.get_absolute_url(),
        {"letter": "Lettre de printemps", "community": community.name})


def test_a_letter_opened_without_an_introduction_has_none(community, gardener, now):
    letter = _open(community, gardener)
    letter.refresh_from_db()
    assert letter.intro == ""


def test_a_script_in_the_introduction_is_refused_on_its_field(community, gardener, letter, now):
    script = "<p>Bonjour</p><script>alert(1)</script>"
    said = refusals(lambda: _open(community, gardener, intro=script))
    assert [(field, code) for field, _message, code in said] == [("intro", "script")]
    said = refusals(lambda: services.letter_update(
        letter=letter, actor=gardener, title=letter.title, planned_for=letter.planned_for,
        contributions_until=letter.contributions_until, intro=script))
    assert [(field, code) for field, _message, code in said] == [("intro", "script")]
    letter.refresh_from_db()
    assert letter.intro == ""


# --- Changing it, closing and reopening the call -------------------------------------------


def test_a_deadline_moved_into_the_past_is_refused_only_while_the_call_is_open(
        letter, gardener, now):
    def update(until, **fields):
        values = {"title": letter.title, "planned_for": letter.planned_for,
                  "contributions_until": until, "intro": "", **fields}
        return services.letter_update(letter=letter, actor=gardener, **values)

    Letter.objects.filter(pk=letter.pk).update(contributions_until=NOW - dt.timedelta(days=1),
                                               planned_for=dt.date(2027, 3, 20))
    letter.refresh_from_db()
    update(letter.contributions_until, title="  Titre revu  ")  # the past, unchanged: fine
    letter.refresh_from_db()
    assert letter.title == "Titre revu"
    assert refusals(lambda: update(NOW)) == [
        ("contributions_until", "The deadline for contributions must be in the future.",
         "deadline_past")]
    services.letter_close_call(letter=letter, actor=gardener)
    update(NOW - dt.timedelta(hours=1))  # being edited: the call is over anyway
    letter.refresh_from_db()
    assert letter.contributions_until == NOW - dt.timedelta(hours=1)


@pytest.mark.parametrize("state,message,code", [
    (Letter.State.SENDING, "This letter is being sent; it can no longer be changed.", "sending"),
    (Letter.State.SENT, "This letter was already sent; it can no longer be changed.", "sent"),
])
def test_a_letter_being_or_already_sent_is_not_changed(letter, gardener, state, message, code):
    Letter.objects.filter(pk=letter.pk).update(state=state)
    for change in (
        lambda: services.letter_update(letter=letter, actor=gardener, title="x",
                                       planned_for=letter.planned_for,
                                       contributions_until=letter.contributions_until, intro=""),
        lambda: services.letter_reopen_call(letter=letter, actor=gardener,
                                            contributions_until=timezone.now()
                                            + dt.timedelta(days=1)),
        lambda: services.letter_set_audience(letter=letter, actor=gardener,
                                             circles=[(letter.community, Circle.ENGAGED)]),
        lambda: services.letter_unschedule(letter=letter, actor=gardener),
    ):
        assert refusals(change) == [(None, message, code)]


def test_closing_a_closed_call_is_refused_in_words(letter, gardener):
    services.letter_close_call(letter=letter, actor=gardener)
    letter.refresh_from_db()
    assert letter.state == Letter.State.EDITING
    assert refusals(lambda: services.letter_close_call(letter=letter, actor=gardener)) == [
        (None, "The call for contributions is already closed.", "call_closed")]


def test_only_a_letter_being_edited_reopens_and_to_a_future_deadline(letter, gardener, now):
    reopen = lambda until: services.letter_reopen_call(  # noqa: E731
        letter=letter, actor=gardener, contributions_until=until)
    assert refusals(lambda: reopen(NOW + dt.timedelta(days=1))) == [
        (None, "Only a letter being edited can take contributions again.", "not_editing")]
    services.letter_close_call(letter=letter, actor=gardener)
    past = ("contributions_until", "The deadline for contributions must be in the future.",
            "deadline_past")
    assert refusals(lambda: reopen(None)) == [past]
    assert refusals(lambda: reopen(NOW)) == [past]
    reopen(NOW + dt.timedelta(microseconds=1))
    letter.refresh_from_db()
    assert (letter.state, letter.contributions_until) == (
        Letter.State.CALL_OPEN, NOW + dt.timedelta(microseconds=1))


# --- The audience ---------------------------------------------------------------------------


@pytest.mark.parametrize("circle", ["tous", None, 7])
def test_a_circle_that_is_not_one_of_the_three_is_refused_in_words(letter, gardener, circle):
    assert refusals(lambda: services.letter_set_audience(
        letter=letter, actor=gardener, circles=[(letter.community, circle)])) == [
        (None, "Choose one of the three circles.", "bad_circle")]
    assert letter.audience.count() == 2


def test_the_audience_is_replaced_once_per_circle_and_community(
        letter, gardener, other_community):
    services.letter_set_audience(letter=letter, actor=gardener, circles=[
        (letter.community, "1"), (other_community, Circle.ENGAGED),
        (letter.community, Circle.CITIZENS)])
    assert sorted(AudienceCircle.objects.filter(letter=letter).values_list(
        "community", "circle")) == sorted([(letter.community.pk, Circle.CITIZENS),
                                           (other_community.pk, Circle.ENGAGED)])
    assert refusals(lambda: services.letter_set_audience(
        letter=letter, actor=gardener, circles=[])) == [
        (None, "Choose at least one circle to send the letter to.", "empty_audience")]


# --- What every sending needs ---------------------------------------------------------------


@pytest.fixture
def ready(letter, accepted_section, subscribers):
    subscribers(1)
    return letter


def _send_and_schedule(letter, gardener):
    return (lambda: services.letter_send_now(letter=letter, actor=gardener),
            lambda: services.letter_schedule(letter=letter, actor=gardener,
                                             when=timezone.now() + dt.timedelta(days=1)))


@pytest.mark.parametrize("state,message,code", [
    (Letter.State.SENDING, "This letter is already being sent.", "already_sending"),
    (Letter.State.SENT, "This letter was already sent.", "already_sent"),
])
def test_a_letter_is_sent_once(ready, gardener, state, message, code):
    Letter.objects.filter(pk=ready.pk).update(state=state)
    for attempt in _send_and_schedule(ready, gardener):
        assert refusals(attempt) == [(None, message, code)]


def test_a_letter_needs_an_accepted_section_a_circle_and_a_reader(
        letter, engaged, gardener, subscribers):
    subscribers(1)
    SectionFactory(letter=letter, author=engaged, state="proposed")
    SectionFactory(letter=letter, author=engaged, state="declined")
    for attempt in _send_and_schedule(letter, gardener):
        assert refusals(attempt) == [
            (None, "Accept at least one section before sending the letter.", "no_section")]
    SectionFactory(letter=letter, author=engaged, state="accepted")
    AudienceCircle.objects.filter(letter=letter).delete()
    for attempt in _send_and_schedule(letter, gardener):
        assert refusals(attempt) == [
            (None, "Choose at least one circle to send the letter to.", "empty_audience")]
    AudienceCircle.objects.create(letter=letter, community=letter.community,
                                  circle=Circle.CITIZENS)
    nobody = ("Nobody in the chosen circles has agreed to receive this letter with a verified "
              "address. Choose other circles.")
    MembershipFactory(community=letter.community, circle=Circle.CITIZENS)  # not subscribed
    for attempt in _send_and_schedule(letter, gardener):
        assert refusals(attempt) == [(None, nobody, "no_recipient")]
    letter.refresh_from_db()
    assert letter.state == Letter.State.CALL_OPEN


def test_a_schedule_leaves_two_minutes_to_the_beat(ready, gardener, now):
    earliest = NOW + MIN_SCHEDULE_DELAY
    too_soon = ("when", "Choose a moment at least two minutes from now.", "schedule_past")
    for when in (None, earliest - dt.timedelta(microseconds=1)):
        assert refusals(lambda w=when: services.letter_schedule(
            letter=ready, actor=gardener, when=w)) == [too_soon]
    services.letter_schedule(letter=ready, actor=gardener, when=earliest)
    ready.refresh_from_db()
    assert (ready.state, ready.scheduled_for, ready.sent_by) == (
        Letter.State.SCHEDULED, earliest, gardener)


def test_only_a_scheduled_letter_is_unscheduled(letter, gardener):
    assert refusals(lambda: services.letter_unschedule(letter=letter, actor=gardener)) == [
        (None, "This letter is not scheduled.", "not_scheduled")]


def test_starting_to_send_is_audited_with_who_and_what(ready, gardener, commit):
    commit(services.letter_send_now, letter=ready, actor=gardener)
    ready.refresh_from_db()
    assert ready.sent_by == gardener
    entry = AuditEntry.objects.get(action="newsletter.sending_started")
    assert (entry.actor, entry.community_id, entry.target_id, entry.target_label) == (
        gardener, ready.community_id, str(ready.pk), ready.title)


def test_a_test_copy_goes_to_the_asker_only_and_is_audited(ready, gardener, commit, outbox):
    commit(services.letter_send_test, letter=ready, actor=gardener)
    assert [m.to[0].split("<")[-1] for m in outbox] == [f"{gardener.email}>"]
    entry = AuditEntry.objects.get(action="newsletter.test_sent")
    assert (entry.actor, entry.community_id, entry.target_id, entry.target_label) == (
        gardener, ready.community_id, str(ready.pk), ready.title)


def test_a_test_copy_needs_an_address(ready, gardener):
    nameless = UserFactory(email="")
    assert refusals(lambda: services.letter_send_test(letter=ready, actor=nameless)) == [
        (None, "Your account has no e-mail address.", "no_email")]
    assert not AuditEntry.objects.filter(action="newsletter.test_sent").exists()


@pytest.mark.parametrize(("language", "line"), [
    ("fr", "[Image : Des godets] http"), ("en", "[Image: Des godets] http")])
def test_the_plain_text_copy_names_an_image_in_the_readers_typography(
        letter, engaged, language, line):
    from newsletters import rendering, selectors

    SectionFactory(letter=letter, author=engaged, state="accepted",
                   image="newsletters/godets.png", image_alt="Des godets")
    rendered = rendering.render_letter(letter, selectors.accepted_sections(letter),
                                       language=language)
    assert line in rendered.text
