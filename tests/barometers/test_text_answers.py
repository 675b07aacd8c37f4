"""A question's free text beyond the first few: the results page shows the
first 10 of each question with a link to all of them, 50 a page, read by
those who read the results (the public: the approved ones, once published)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from barometers import selectors
from barometers.models import Answer, Question, Wave
from barometers.selectors import TEXTS_SHOWN
from barometers.views.results import ANSWERS_PER_PAGE
from tests.factories import UserFactory

from .conftest import given_answer, make_wave

pytestmark = pytest.mark.django_db


def _texts(wave, count, *, status=Answer.Status.APPROVED, start=0):
    question = wave.questions.get(kind=Question.Kind.TEXT)
    for n in range(start, start + count):
        given_answer(question, f"Idée {n:03d}", status=status, number=n + 1)
    return question


def _publish(wave):
    Wave.objects.filter(pk=wave.pk).update(
        closes_at=timezone.now() - timezone.timedelta(minutes=1),
        results_published_at=timezone.now())


def _results(wave):
    return reverse("barometers:results", args=[wave.barometer.slug, wave.pk])


def _all(wave, question, **query):
    url = reverse("barometers:text_answers", args=[wave.barometer.slug, wave.pk, question.pk])
    return url + (f"?page={query['page']}" if query else "")


def _shown(page) -> list[str]:
    return [line.split("Idée ")[1][:3] for line in page.split("<li>")[1:] if "Idée " in line]


def test_the_results_show_the_first_ten_and_link_to_all(client, public_wave, in_english):
    question = _texts(public_wave, TEXTS_SHOWN + 1)
    _texts(public_wave, 2, status=Answer.Status.PENDING, start=100)
    _publish(public_wave)

    page = client.get(_results(public_wave)).content.decode()

    assert _shown(page) == [f"{n:03d}" for n in range(TEXTS_SHOWN)]
    assert f'href="{_all(public_wave, question)}">Read all {TEXTS_SHOWN + 1} answers</a>' in page


def test_the_link_reads_in_french(client, public_wave):
    _texts(public_wave, TEXTS_SHOWN + 1)
    _publish(public_wave)

    page = client.get(_results(public_wave), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert f">Lire les {TEXTS_SHOWN + 1} réponses</a>" in page


def test_no_link_when_every_answer_is_shown(client, public_wave):
    question = _texts(public_wave, TEXTS_SHOWN)
    _texts(public_wave, 3, status=Answer.Status.HIDDEN, start=100)
    _publish(public_wave)

    page = client.get(_results(public_wave)).content.decode()

    assert len(_shown(page)) == TEXTS_SHOWN
    assert _all(public_wave, question) not in page


def test_the_agents_count_every_answer_with_its_status(client, public_wave, agent):
    question = _texts(public_wave, TEXTS_SHOWN - 1)
    _texts(public_wave, 2, status=Answer.Status.PENDING, start=100)
    client.force_login(agent)

    page = client.get(_results(public_wave)).content.decode()
    every = client.get(_all(public_wave, question)).content.decode()

    assert f">Read all {TEXTS_SHOWN + 1} answers</a>" in page
    assert len(_shown(every)) == TEXTS_SHOWN + 1
    assert "(to moderate)" in every


def test_all_of_them_fifty_a_page_approved_only_for_the_public(client, public_wave,
                                                               in_english):
    question = _texts(public_wave, ANSWERS_PER_PAGE + 1)
    _texts(public_wave, 1, status=Answer.Status.HIDDEN, start=900)
    _publish(public_wave)

    first = client.get(_all(public_wave, question)).content.decode()
    second = client.get(_all(public_wave, question, page=2)).content.decode()

    assert _shown(first) == [f"{n:03d}" for n in range(ANSWERS_PER_PAGE)]
    assert _shown(second) == [f"{ANSWERS_PER_PAGE:03d}"]
    assert f"{ANSWERS_PER_PAGE + 1} answers" in first
    assert "Page 2 of 2" in second


def test_unpublished_answers_are_for_the_agents(client, public_wave):
    question = _texts(public_wave, 1)
    url = _all(public_wave, question)

    assert client.get(url).status_code == 302  # to log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_a_question_that_is_not_free_text_or_of_another_wave_is_not_found(
        client, barometer, public_wave, agent):
    scale = public_wave.questions.get(kind=Question.Kind.SCALE)
    other = make_wave(barometer, title="Other").questions.get(kind=Question.Kind.TEXT)
    client.force_login(agent)

    assert client.get(_all(public_wave, scale)).status_code == 404
    assert client.get(_all(public_wave, other)).status_code == 404


def test_the_results_cost_the_same_queries_with_3_or_40_texts(
        client, barometer, agent, django_assert_num_queries):
    small, big = make_wave(barometer, title="Small"), make_wave(barometer, title="Big")
    _texts(small, 3)
    _texts(big, 40, start=10)
    client.force_login(agent)
    client.get(_results(small))

    with CaptureQueriesContext(connection) as few:
        client.get(_results(small))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(_results(big))


def test_each_question_shows_its_own_first_ten(public_wave):
    first = _texts(public_wave, 8)
    second = Question.objects.create(wave=public_wave, order=9, code="encore",
                                     kind=Question.Kind.TEXT, text="Encore ?")
    for n in range(8):
        given_answer(second, f"Autre {n}", number=500 + n)

    results = {r.question.pk: r for r in
               selectors.wave_results(public_wave, public=False)["questions"]}

    assert [(len(results[q.pk].texts), results[q.pk].text_count) for q in (first, second)] == [
        (8, 8), (8, 8)]
    assert [r.text_count for r in results.values() if r.question.kind != "text"] == [0, 0, 0]


def test_the_first_ten_are_those_of_the_smallest_ids_whatever_the_order_of_answering(
        public_wave):
    question = public_wave.questions.get(kind=Question.Kind.TEXT)
    for n in reversed(range(TEXTS_SHOWN + 2)):  # the largest ids answered first
        given_answer(question, f"Idée {n:03d}", number=n + 1)

    result = next(r for r in selectors.wave_results(public_wave, public=False)["questions"]
                  if r.question.pk == question.pk)

    assert [a.text for a in result.texts] == [f"Idée {n:03d}" for n in range(TEXTS_SHOWN)]
    assert result.text_count == TEXTS_SHOWN + 2


def test_an_empty_answer_is_not_among_all_the_answers(client, public_wave, agent, in_english):
    question = _texts(public_wave, 2)
    given_answer(question, "")
    client.force_login(agent)

    page = client.get(_all(public_wave, question)).content.decode()

    listed = page.split('<ul class="free-texts">')[1].split("</ul>")[0]
    assert listed.count("<li>") == 2
    assert "2 answers" in page


def test_the_results_read_in_six_queries(public_wave, django_assert_num_queries):
    _texts(public_wave, TEXTS_SHOWN + 5)

    with django_assert_num_queries(6):
        results = selectors.wave_results(public_wave, public=True)
        read = [(r.question.text, len(r.texts), r.text_count) for r in results["questions"]]

    assert read[-1] == ("An idea for the neighbourhood?", TEXTS_SHOWN, TEXTS_SHOWN + 5)


def test_all_the_answers_come_in_the_order_of_their_ids_not_of_answering(client, public_wave):
    question = public_wave.questions.get(kind=Question.Kind.TEXT)
    for n in reversed(range(3)):  # the largest id answered first
        given_answer(question, f"Idée {n:03d}", status=Answer.Status.APPROVED, number=n + 1)
    _publish(public_wave)

    assert _shown(client.get(_all(public_wave, question)).content.decode()) == [
        "000", "001", "002"]
