"""The moderation of a wave's free text: those to moderate first, each
status behind its own link with its count, 50 a page, and back to the same
list and page after a decision. Before, every answer was on one page, the
approved first and those to moderate last."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from barometers.models import Answer, Question
from barometers.views.results import ANSWERS_PER_PAGE

from .conftest import given_answer, make_wave

pytestmark = pytest.mark.django_db


def _texts(wave, *texts, status=Answer.Status.PENDING):
    question = wave.questions.get(kind=Question.Kind.TEXT)
    return [given_answer(question, text, status=status) for text in texts]


def _url(wave, **query):
    url = reverse("barometers:moderate", kwargs={"slug": wave.barometer.slug, "pk": wave.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _listed(page) -> list[str]:
    return [text for text in ("Bancs", "Arbres", "Dupont", "Fontaine", "Marché")
            if f"<td data-label=\"Answer\">{text}</td>" in page]


@pytest.fixture
def queue(public_wave):
    _texts(public_wave, "Bancs", "Arbres")
    _texts(public_wave, "Fontaine", status=Answer.Status.APPROVED)
    _texts(public_wave, "Dupont", status=Answer.Status.HIDDEN)
    return public_wave


def test_those_to_moderate_come_first_with_each_statuss_count(client, queue, agent):
    client.force_login(agent)

    page = client.get(_url(queue)).content.decode()

    assert sorted(_listed(page)) == ["Arbres", "Bancs"]
    assert 'aria-current="page">To moderate: 2</a>' in page
    assert ">Approved: 1</a>" in page
    assert ">Hidden: 1</a>" in page


def test_each_status_is_listed_behind_its_link(client, queue, agent):
    client.force_login(agent)

    assert _listed(client.get(_url(queue, status="approved")).content.decode()) == ["Fontaine"]
    assert _listed(client.get(_url(queue, status="hidden")).content.decode()) == ["Dupont"]
    assert sorted(_listed(client.get(_url(queue, status="deleted")).content.decode())) == [
        "Arbres", "Bancs"]


def test_the_counts_read_in_french(client, queue, agent):
    agent.preferred_language = "fr"
    agent.save()
    client.force_login(agent)

    with translation.override("fr"):
        page = client.get(_url(queue), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "À modérer : 2" in page
    # An answer is feminine: "acceptée", "masquée" (a message, say, is "masqué").
    assert "Acceptée : 1" in page
    assert "Masquée : 1" in page


def test_an_empty_queue_says_so(client, public_wave, agent):
    _texts(public_wave, "Fontaine", status=Answer.Status.APPROVED)
    client.force_login(agent)

    assert "No free-text answer waits to be moderated." in client.get(
        _url(public_wave)).content.decode()
    assert "No free-text answer has this status." in client.get(
        _url(public_wave, status="hidden")).content.decode()


def test_fifty_a_page(client, public_wave, agent):
    _texts(public_wave, *(f"Idée {n}" for n in range(ANSWERS_PER_PAGE + 1)))
    client.force_login(agent)

    first = client.get(_url(public_wave)).content.decode()
    second = client.get(_url(public_wave, page=2)).content.decode()

    assert first.count('<td data-label="Answer">Idée') == ANSWERS_PER_PAGE
    assert second.count('<td data-label="Answer">Idée') == 1
    assert "Page 2 of 2" in second


def test_the_page_costs_the_same_queries_with_3_or_60_answers(
        client, barometer, agent, django_assert_num_queries):
    small, big = make_wave(barometer, title="Small"), make_wave(barometer, title="Big")
    _texts(small, "a", "b", "c")
    _texts(big, *(f"x{n}" for n in range(60)))
    client.force_login(agent)
    client.get(_url(small))  # the session and caches warm

    with CaptureQueriesContext(connection) as few:
        client.get(_url(small))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(_url(big))


def test_a_decision_returns_to_the_same_list_and_page(client, public_wave, agent):
    answers = _texts(public_wave, *(f"Idée {n}" for n in range(ANSWERS_PER_PAGE + 2)))
    client.force_login(agent)

    response = client.post(_url(public_wave), {
        "answer": answers[0].pk, "status": "approved", "from_status": "pending",
        "from_page": "2"})

    assert response.status_code == 302
    assert response["Location"] == _url(public_wave, status="pending", page=2)
    answers[0].refresh_from_db()
    assert answers[0].status == Answer.Status.APPROVED


def test_a_decision_from_another_list_returns_to_it(client, queue, agent):
    fontaine = Answer.objects.get(text="Fontaine")
    client.force_login(agent)

    response = client.post(_url(queue), {"answer": fontaine.pk, "status": "hidden",
                                         "from_status": "approved", "from_page": "x"})

    assert response["Location"] == _url(queue, status="approved")
    fontaine.refresh_from_db()
    assert fontaine.status == Answer.Status.HIDDEN


def test_another_waves_texts_are_not_listed(client, barometer, public_wave, agent):
    other = make_wave(barometer, title="Other")
    _texts(other, "Marché")
    _texts(public_wave, "Bancs")
    client.force_login(agent)

    page = client.get(_url(public_wave)).content.decode()

    assert _listed(page) == ["Bancs"]
    assert 'aria-current="page">To moderate: 1</a>' in page
