"""A call's questions at their edges (calls/services/questions.py) that
tests/calls/test_questions.py did not pin: each refusal in its words, field
and code, the dates it names, the five-question limit counted per call,
what the agents and the asker are told (and who is left out), what a team
entry stores, and an answer read in a fixed number of queries. The
mutation run of this module stands on these tests (docs/testing.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calls import services as call_services
from calls.models import Question
from calls.services import questions as services
from calls.services.questions import MAX_LENGTH, MAX_PENDING
from notifications.models import Notification
from tests.factories import UserFactory
from tests.refusals import refusals

pytestmark = pytest.mark.django_db

OPENS = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)   # 10:00 in Paris
CLOSES = dt.datetime(2027, 3, 1, 17, 0, tzinfo=dt.UTC)  # 18:00 in Paris
DURING = OPENS + dt.timedelta(days=3)


@pytest.fixture
def timed(agent, direction):
    """A published call with fixed dates (the fixture `call` moves with now)."""
    call = call_services.call_create(
        agent=agent, direction=direction, title="Jardins partagés", summary="Des jardins.",
        budget=Decimal(1000), opens_at=OPENS, closes_at=CLOSES, criteria=[("Utilité", 1)])
    return call_services.call_publish(call=call)


def ask(call, user, text="Un collectif sans statut peut-il candidater ?", now=DURING):
    return services.question_ask(call=call, user=user, text=text, now=now)


def told(kind):
    return Notification.objects.filter(kind=kind)


# --- Refusals in words ----------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("  ", ("text", "Write your question.", "empty")),
    (None, ("text", "Write your question.", "empty")),
    ("q" * (MAX_LENGTH + 1), ("text", "2000 characters at most; this text has 2001.",
                              "too_long")),
])
def test_a_question_is_refused_in_words_on_its_field(timed, asker, text, expected):
    assert refusals(lambda: ask(timed, asker, text=text)) == [expected]
    assert not Question.objects.exists()


def test_a_question_of_the_longest_length_is_kept_trimmed(timed, asker):
    assert ask(timed, asker, text=f"  {'q' * MAX_LENGTH} ").text == "q" * MAX_LENGTH


@pytest.mark.parametrize("now,expected", [
    (OPENS - dt.timedelta(microseconds=1),
     (None, "Questions open with the call, on 1 February 2027, 10:00.", "not_open")),
    (CLOSES, (None, "Questions closed with the call, on 1 March 2027, 18:00.", "closed")),
])
def test_the_call_s_dates_are_named_in_the_readers_time(timed, asker, now, expected):
    assert refusals(lambda: ask(timed, asker, now=now)) == [expected]


def test_a_draft_takes_no_question_in_words(agent, direction, asker):
    draft = call_services.call_create(
        agent=agent, direction=direction, title="Brouillon", summary="S.", budget=Decimal(1),
        opens_at=OPENS, closes_at=CLOSES, criteria=[("Utilité", 1)])
    assert refusals(lambda: ask(draft, asker)) == [
        (None, "This call is not published.", "draft")]


def test_five_questions_wait_per_call_and_the_sixth_is_refused_in_words(
        timed, asker, agent, direction):
    other = call_services.call_publish(call=call_services.call_create(
        agent=agent, direction=direction, title="Autre appel", summary="S.", budget=Decimal(1),
        opens_at=OPENS, closes_at=CLOSES, criteria=[("Utilité", 1)]))
    for n in range(MAX_PENDING):
        ask(other, asker, text=f"Ailleurs {n} ?")
    for n in range(MAX_PENDING):
        ask(timed, asker, text=f"Question {n} ?")
    assert refusals(lambda: ask(timed, asker, text="Une de plus ?")) == [
        (None, ("You already have 5 questions waiting for an answer on this call: the call's "
         "team answers them before you ask more."), "too_many")]
    assert Question.objects.filter(call=timed).count() == MAX_PENDING


# --- Who is told, and what ------------------------------------------------------------------


def test_the_agents_are_told_by_the_asker_with_the_start_of_the_question(timed, asker,
                                                                         agent, direction):
    colleague = UserFactory(email="collegue@example.org")
    direction.staff.add(colleague)
    ask(timed, asker, text="q" * 250)
    assert sorted(told("call_question_asked").values_list("recipient__email", flat=True)) == [
        "agent@example.org", "collegue@example.org"]
    line = told("call_question_asked").get(recipient=agent)
    assert (line.actor, line.data) == (asker, {"call": "Jardins partagés", "text": "q" * 200})


def test_an_agent_who_asks_is_not_told_of_their_own_question(timed, agent, direction):
    colleague = UserFactory(email="collegue@example.org")
    direction.staff.add(colleague)
    ask(timed, agent)
    assert list(told("call_question_asked").values_list("recipient__email", flat=True)) == [
        "collegue@example.org"]


def test_the_asker_is_told_the_answer_by_whom_with_what(timed, asker, agent):
    question = ask(timed, asker, text="q" * 250)
    services.question_answer(question=question, agent=agent, answer="Oui.", public=False)
    line = told("call_question_answered").get()
    assert (line.recipient, line.actor, line.url, line.data) == (
        asker, agent, f"{timed.get_absolute_url()}#question-{question.pk}",
        {"call": "Jardins partagés", "question": "q" * 200, "public": False})


def test_an_answer_to_nobody_or_to_oneself_tells_nobody(timed, agent):
    entry = services.question_entry_add(call=timed, agent=agent, text="Q ?", answer="R.",
                                        now=DURING)
    services.question_answer(question=entry, agent=agent, answer="Autre R.", public=True)
    own = ask(timed, agent)
    services.question_answer(question=own, agent=agent, answer="Oui.", public=True)
    assert not told("call_question_answered").exists()


def test_an_answer_reads_its_question_with_its_call_in_one_query(timed, asker, agent):
    question = ask(timed, asker)
    with CaptureQueriesContext(connection) as queries:
        services.question_answer(question=Question(pk=question.pk), agent=agent,
                                 answer="Oui.", public=True)
    # Savepoint, the question and its call, the update, the asker, the
    # preference, the line, release.
    assert len(queries) == 7, [q["sql"][:60] for q in queries]


# --- The team's own entries -----------------------------------------------------------------


def test_a_team_entry_is_stored_answered_and_public(timed, agent):
    entry = services.question_entry_add(call=timed, agent=agent, text=" Quel montant ? ",
                                        answer=" 15 000 €. ", now=DURING)
    entry = Question.objects.get(pk=entry.pk)
    assert (entry.asked_by, entry.text, entry.answer, entry.answered_by, entry.answered_at,
            entry.public) == (None, "Quel montant ?", "15 000 €.", agent, DURING, True)


@pytest.mark.parametrize("text,answer,expected", [
    ("", "R.", ("text", "Write the question.", "empty")),
    ("Q ?", " ", ("answer", "Write the answer.", "empty")),
])
def test_a_team_entry_needs_its_question_and_answer_in_words(timed, agent, text, answer,
                                                              expected):
    assert refusals(lambda: services.question_entry_add(
        call=timed, agent=agent, text=text, answer=answer, now=DURING)) == [expected]


def test_a_team_entry_after_the_deadline_names_it(timed, agent):
    assert refusals(lambda: services.question_entry_add(
        call=timed, agent=agent, text="Q ?", answer="R.", now=CLOSES)) == [
        (None, "Questions closed with the call, on 1 March 2027, 18:00.", "closed")]
    assert not Question.objects.exists()


def test_an_empty_answer_is_refused_on_its_field(timed, asker, agent):
    question = ask(timed, asker)
    assert refusals(lambda: services.question_answer(
        question=question, agent=agent, answer=" ", public=True)) == [
        ("answer", "Write the answer.", "empty")]
