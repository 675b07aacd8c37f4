"""A call's questions and answers (calls/services/questions.py): a signed-in
person asks while the call is open, the call's agents answer publicly or to
the asker alone, and publish entries of their own; the asker and the agents
are told. Every refusal changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from calls.models import Call, Question
from calls.services import questions as services
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def _ask(call, user, text="Un collectif sans statut peut-il candidater ?", **kwargs):
    return services.question_ask(call=call, user=user, text=text, **kwargs)


# --- Asking -----------------------------------------------------------------------------


def test_a_question_is_kept_and_the_calls_agents_are_told(call, asker, agent):
    question = _ask(call, asker)

    assert (question.asked_by, question.answered_at, question.public) == (asker, None, True)
    assert _told("call_question_asked") == {"agent@example.org"}
    line = Notification.objects.get(kind="call_question_asked")
    assert line.url == reverse("calls:questions", kwargs={"slug": call.slug})


@pytest.mark.parametrize(("offset", "allowed"), [
    (dt.timedelta(microseconds=-1), False), (dt.timedelta(0), True),
])
def test_questions_open_with_the_call_at_its_exact_instant(call, asker, offset, allowed):
    now = call.opens_at + offset
    if allowed:
        _ask(call, asker, now=now)
    else:
        with pytest.raises(ValidationError) as refused:
            _ask(call, asker, now=now)
        assert refused.value.code == "not_open"
    assert Question.objects.count() == (1 if allowed else 0)


@pytest.mark.parametrize(("offset", "allowed"), [
    (dt.timedelta(microseconds=-1), True), (dt.timedelta(0), False),
])
def test_questions_close_with_the_call_at_its_deadline(call, asker, offset, allowed):
    now = call.closes_at + offset
    if allowed:
        _ask(call, asker, now=now)
    else:
        with pytest.raises(ValidationError) as refused:
            _ask(call, asker, now=now)
        assert refused.value.code == "closed"
        assert "Questions closed with the call" in refused.value.messages[0]
    assert Question.objects.count() == (1 if allowed else 0)


def test_a_draft_call_takes_no_question(call, asker):
    Call.objects.filter(pk=call.pk).update(state=Call.State.DRAFT)
    with pytest.raises(ValidationError) as refused:
        _ask(call, asker)
    assert refused.value.code == "draft"
    assert not Question.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n "])
def test_an_empty_question_is_refused(call, asker, text):
    with pytest.raises(ValidationError) as refused:
        _ask(call, asker, text=text)
    assert refused.value.message_dict == {"text": ["Write your question."]}
    assert not Question.objects.exists() and not _told("call_question_asked")


def test_a_question_has_2000_characters_at_most(call, asker):
    _ask(call, asker, text="a" * 2000)
    with pytest.raises(ValidationError) as refused:
        _ask(call, asker, text="b" * 2001)
    assert refused.value.message_dict == {
        "text": ["2000 characters at most; this text has 2001."]}
    assert list(Question.objects.values_list("text", flat=True)) == ["a" * 2000]


def test_five_questions_may_wait_for_an_answer_not_six(call, asker, agent):
    for n in range(5):
        _ask(call, asker, text=f"Question {n}")
    with pytest.raises(ValidationError) as refused:
        _ask(call, asker, text="Question 5")
    assert refused.value.code == "too_many"
    assert Question.objects.count() == 5

    # Once one is answered, one more may be asked; another person is not counted.
    services.question_answer(question=Question.objects.first(), agent=agent, answer="Oui.",
                             public=True)
    _ask(call, asker, text="Question 5")
    _ask(call, UserFactory(), text="Autre personne")
    assert Question.objects.count() == 7


# --- Answering --------------------------------------------------------------------------


def test_a_public_answer_tells_the_asker_and_joins_the_calls_page(client, call, asker, agent):
    question = _ask(call, asker)
    services.question_answer(question=question, agent=agent, answer="Oui, avec un porteur.",
                             public=True)

    question.refresh_from_db()
    assert (question.answer, question.answered_by, question.public) == (
        "Oui, avec un porteur.", agent, True)
    assert question.answered_at is not None
    assert _told("call_question_answered") == {"asker@example.org"}
    line = Notification.objects.get(kind="call_question_answered")
    assert line.url == f"{call.get_absolute_url()}#question-{question.pk}"

    page = client.get(call.get_absolute_url()).content.decode()
    assert "Un collectif sans statut peut-il candidater ?" in page
    assert "Oui, avec un porteur." in page
    assert "Aline Asker" not in page  # a published question never shows who asked


def test_a_private_answer_is_read_by_the_asker_alone(client, call, asker, agent):
    question = _ask(call, asker, text="Notre dossier de 2025 compte-t-il ?")
    services.question_answer(question=question, agent=agent, answer="Non, il faut redéposer.",
                             public=False)

    assert "Non, il faut redéposer." not in client.get(call.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "Non, il faut redéposer." not in client.get(call.get_absolute_url()).content.decode()
    client.force_login(asker)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Answer, for you alone:" in page and "Non, il faut redéposer." in page


def test_an_empty_answer_is_refused_and_changes_nothing(call, asker, agent):
    question = _ask(call, asker)
    with pytest.raises(ValidationError) as refused:
        services.question_answer(question=question, agent=agent, answer="  ", public=True)
    assert refused.value.message_dict == {"answer": ["Write the answer."]}
    question.refresh_from_db()
    assert (question.answer, question.answered_at) == ("", None)
    assert not _told("call_question_answered")


def test_the_same_answer_again_tells_nobody_twice_a_new_one_does(call, asker, agent):
    question = _ask(call, asker)
    services.question_answer(question=question, agent=agent, answer="Oui.", public=True)
    services.question_answer(question=question, agent=agent, answer="Oui.", public=True)
    assert Notification.objects.filter(kind="call_question_answered").count() == 1
    services.question_answer(question=question, agent=agent, answer="Oui, précisons.",
                             public=True)
    assert Notification.objects.filter(kind="call_question_answered").count() == 2


def test_an_entry_of_the_team_is_published_at_once(client, call, agent):
    services.question_entry_add(call=call, agent=agent, text="Quel montant maximum ?",
                       answer="15 000 € par projet.")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Quel montant maximum ?" in page and "15 000 € par projet." in page


@pytest.mark.parametrize(("text", "answer", "field"), [("", "Réponse.", "text"),
                                                       ("Question ?", "", "answer")])
def test_an_entry_needs_its_question_and_its_answer(call, agent, text, answer, field):
    with pytest.raises(ValidationError) as refused:
        services.question_entry_add(call=call, agent=agent, text=text, answer=answer)
    assert list(refused.value.message_dict) == [field]
    assert not Question.objects.exists()


@pytest.mark.parametrize(("offset", "allowed"), [
    (dt.timedelta(microseconds=-1), True), (dt.timedelta(0), False),
])
def test_no_entry_once_the_call_is_closed(call, agent, offset, allowed):
    now = call.closes_at + offset
    if allowed:
        services.question_entry_add(call=call, agent=agent, text="Q ?", answer="R.", now=now)
    else:
        with pytest.raises(ValidationError):
            services.question_entry_add(call=call, agent=agent, text="Q ?", answer="R.", now=now)
    assert Question.objects.count() == (1 if allowed else 0)


# --- Pages and rights -------------------------------------------------------------------


def test_a_signed_in_person_asks_from_the_calls_page(client, call, asker):
    client.force_login(asker)
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("calls:question_ask", kwargs={"slug": call.slug}) in page

    response = client.post(reverse("calls:question_ask", kwargs={"slug": call.slug}),
                           {"text": "Les frais de personnel sont-ils éligibles ?"})
    assert response.status_code == 302
    assert response["Location"] == f"{call.get_absolute_url()}#questions"
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Les frais de personnel sont-ils éligibles ?" in page
    assert "waiting for the call's team" in page


def test_a_visitor_is_asked_to_sign_in_and_cannot_post(client, call):
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Sign in to ask a question." in page
    assert reverse("calls:question_ask", kwargs={"slug": call.slug}) not in page
    response = client.post(reverse("calls:question_ask", kwargs={"slug": call.slug}),
                           {"text": "?"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Question.objects.exists()


def test_an_empty_question_from_the_page_says_why_and_keeps_nothing(client, call, asker):
    client.force_login(asker)
    response = client.post(reverse("calls:question_ask", kwargs={"slug": call.slug}),
                           {"text": ""})
    assert response.status_code == 400
    assert "Write your question." in response.content.decode()
    assert not Question.objects.exists()


def test_a_closed_calls_page_says_when_questions_closed_and_has_no_form(client, call, asker):
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(asker)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Questions closed with the call, on" in page
    assert reverse("calls:question_ask", kwargs={"slug": call.slug}) not in page
    response = client.post(reverse("calls:question_ask", kwargs={"slug": call.slug}),
                           {"text": "Trop tard ?"})
    assert response.status_code == 400
    assert "Questions closed with the call, on" in response.content.decode()
    assert not Question.objects.exists()


def test_the_refusal_is_in_french_for_a_french_reader(client, call, asker):
    User.objects.filter(pk=asker.pk).update(preferred_language="fr")
    client.force_login(asker)
    response = client.post(reverse("calls:question_ask", kwargs={"slug": call.slug}),
                           {"text": " "})
    assert response.status_code == 400
    assert "Écrivez votre question." in response.content.decode()
    assert not Question.objects.exists()


def test_the_team_answers_from_its_page_the_unanswered_first(client, call, asker, agent):
    answered = _ask(call, asker, text="Première ?")
    services.question_answer(question=answered, agent=agent, answer="Oui.", public=True)
    waiting = _ask(call, asker, text="Seconde ?")
    client.force_login(agent)

    page = client.get(call.get_absolute_url()).content.decode()
    assert "Questions (1 to answer)" in page
    team = client.get(reverse("calls:questions", kwargs={"slug": call.slug})).content.decode()
    assert team.index("Seconde ?") < team.index("Première ?")
    assert "Asked by Aline Asker" in team

    url = reverse("calls:question_answer", kwargs={"slug": call.slug, "pk": waiting.pk})
    response = client.post(url, {f"q{waiting.pk}-answer": "Non.", f"q{waiting.pk}-public": ""})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.answer, waiting.public) == ("Non.", False)

    bad = client.post(url, {f"q{waiting.pk}-answer": ""})
    assert bad.status_code == 400 and "Write the answer." in bad.content.decode()
    waiting.refresh_from_db()
    assert waiting.answer == "Non."


def test_only_the_calls_agents_see_the_team_page_and_answer(client, call, asker, reviewers,
                                                            lead):
    question = _ask(call, asker)
    pages = [
        ("get", reverse("calls:questions", kwargs={"slug": call.slug}), {}),
        ("post", reverse("calls:question_answer", kwargs={"slug": call.slug, "pk": question.pk}),
         {f"q{question.pk}-answer": "Oui.", f"q{question.pk}-public": "on"}),
        ("post", reverse("calls:question_entry", kwargs={"slug": call.slug}),
         {"text": "Q ?", "answer": "R."}),
        ("post", reverse("calls:question_remove", kwargs={"slug": call.slug, "pk": question.pk}),
         {}),
    ]
    # A funder's reviewer of another direction, an applicant's admin, the asker.
    for person in (reviewers[1], lead[1], asker):
        client.force_login(person)
        for method, url, data in pages:
            assert getattr(client, method)(url, data).status_code == 403, (person, url)
        assert "Questions (" not in client.get(call.get_absolute_url()).content.decode()
    assert Question.objects.get().answered_at is None and Question.objects.count() == 1


def test_a_question_of_another_call_is_not_found_through_this_one(client, call, asker, agent,
                                                                 direction):
    question = _ask(call, asker)
    other = Call.objects.create(
        direction=direction, title="Autre", slug="autre", summary="s", budget=1,
        opens_at=call.opens_at, closes_at=call.closes_at, state=Call.State.PUBLISHED)
    client.force_login(agent)
    url = reverse("calls:question_remove", kwargs={"slug": other.slug, "pk": question.pk})
    assert client.post(url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_team_removes_a_question(client, call, asker, agent):
    question = _ask(call, asker)
    client.force_login(agent)
    url = reverse("calls:question_remove", kwargs={"slug": call.slug, "pk": question.pk})
    assert client.post(url).status_code == 302
    assert not Question.objects.exists()


def test_unanswered_questions_wait_on_the_agents_dashboard(client, call, asker, agent):
    from calls import waiting

    assert waiting.questions(agent) == []
    _ask(call, asker)
    _ask(call, asker, text="Encore ?")
    items = waiting.questions(agent)
    assert [item.text for item in items] == [
        "Answer the 2 questions asked about “Quartiers fertiles”"]
    assert items[0].url == reverse("calls:questions", kwargs={"slug": call.slug})
    assert waiting.questions(asker) == []
    for question in Question.objects.all():
        services.question_answer(question=question, agent=agent, answer="Oui.", public=True)
    assert waiting.questions(agent) == []


def test_the_calls_page_costs_the_same_queries_with_1_or_5_answers(
        client, call, asker, agent, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def entries(n):
        for i in range(n):
            services.question_entry_add(call=call, agent=agent, text=f"Q{i} ?", answer=f"R{i}.")

    client.force_login(asker)
    entries(1)
    _ask(call, asker)
    with CaptureQueriesContext(connection) as small:
        assert client.get(call.get_absolute_url()).status_code == 200
    entries(4)
    _ask(call, asker, text="Encore ?")
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(call.get_absolute_url()).content.decode()
    assert page.count('id="question-') == 7


# --- Personal data ----------------------------------------------------------------------


def test_the_askers_questions_are_exported_and_erased(call, asker, agent):
    from calls import privacy_hooks

    public = _ask(call, asker, text="Publique ?")
    services.question_answer(question=public, agent=agent, answer="Oui.", public=True)
    _ask(call, asker, text="Privée ?")

    exported = privacy_hooks.export(asker)["questions"]
    assert [q["question"] for q in exported] == ["Publique ?", "Privée ?"]

    privacy_hooks.erase(asker)
    assert list(Question.objects.values_list("text", "asked_by")) == [("Publique ?", None)]
