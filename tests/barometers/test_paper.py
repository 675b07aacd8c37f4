"""Questionnaires collected on paper or at the door, typed in by the
barometer's agents: one after the other through a page, checked like an
answer online, from the wave's opening until its results are published."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from barometers import services
from barometers.models import Answer, Participation, Response
from tests.factories import UserFactory

from .conftest import answers, make_wave

pytestmark = pytest.mark.django_db


def paper_url(wave):
    return reverse("barometers:paper", kwargs={"slug": wave.barometer.slug, "pk": wave.pk})


def test_an_agent_types_in_a_questionnaire_and_gets_an_empty_form_for_the_next(
        client, agent, public_wave):
    client.force_login(agent)
    response = client.post(paper_url(public_wave),
                           answers(public_wave, scale="2", single="1", multiple=("2",)))
    assert response.status_code == 302 and response.url == paper_url(public_wave)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The questionnaire is recorded. The form is empty again for the next one."]
    stored = Response.objects.get(wave=public_wave)
    assert sorted((a.question.code, a.value, a.text) for a in stored.answers.all()) == [
        ("cadre-de-vie", 2, ""), ("idee", None, "More benches"), ("image", 1, ""),
        ("services", 2, "")]
    assert not Participation.objects.exists()  # the agent has not answered the survey
    entry = AuditEntry.objects.get(action="barometer.paper_entered")
    assert (entry.actor, entry.details) == (agent, {"wave": public_wave.pk, "questionnaires": 1})
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "barometers.wave", str(public_wave.pk), "Baromètre des habitants — Spring")


def test_a_wrong_questionnaire_is_shown_again_with_each_error_and_nothing_stored(
        client, agent, public_wave):
    client.force_login(agent)
    response = client.post(paper_url(public_wave), answers(public_wave, scale=None, single="7"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        public_wave.questions.get(code="cadre-de-vie").field_name:
            ["This question needs an answer."],
        public_wave.questions.get(code="image").field_name: ["Choose among the choices given."],
    }
    assert "More benches" in response.content.decode()  # what was typed stays in the form
    assert not Response.objects.exists() and not AuditEntry.objects.exists()


def test_the_page_offers_the_form_in_french(client, agent, public_wave):
    agent.preferred_language = "fr"
    agent.save(update_fields=["preferred_language"])
    client.force_login(agent)
    page = client.get(paper_url(public_wave)).content.decode()
    assert "Saisir un questionnaire papier" in page
    assert "Enregistrer ce questionnaire" in page


def test_questionnaires_are_entered_from_the_exact_opening_instant(barometer, agent):
    wave = make_wave(barometer, days_ago=-1, launch=False)
    services.wave_launch(wave=wave, now=timezone.now())
    before = wave.opens_at - dt.timedelta(microseconds=1)
    opens = timezone.localtime(wave.opens_at).strftime("%d/%m/%Y %H:%M")
    with pytest.raises(ValidationError) as error:
        services.paper_response_enter(wave=wave, data=answers(wave), actor=agent, now=before)
    assert error.value.code == "not_open"
    assert error.value.messages == [
        f"This wave has not opened yet: questionnaires are entered from {opens}."]
    assert not Response.objects.exists()
    assert services.paper_response_enter(wave=wave, data=answers(wave), actor=agent,
                                         now=wave.opens_at) == 1


def test_a_wave_not_launched_takes_no_questionnaire(client, barometer, agent):
    wave = make_wave(barometer, launch=False)
    with pytest.raises(ValidationError, match="has not opened yet"):
        services.paper_response_enter(wave=wave, data=answers(wave), actor=agent)
    client.force_login(agent)
    page = client.get(paper_url(wave)).content.decode()
    assert "Questionnaires are entered once the wave is launched and open." in page
    assert "<form method=\"post\" novalidate>" not in page
    assert not Response.objects.exists()


def test_questionnaires_are_entered_after_the_close_until_the_results_are_published(
        client, barometer, agent):
    wave = make_wave(barometer, days_ago=10, days_left=-1)
    assert services.paper_response_enter(wave=wave, data=answers(wave), actor=agent) == 1
    services.results_publish(wave=wave, actor=agent)
    for enter in (
        lambda: services.paper_response_enter(wave=wave, data=answers(wave), actor=agent),
        lambda: services.responses_import(wave=wave, rows=[answers(wave)], actor=agent),
    ):
        with pytest.raises(ValidationError) as error:
            enter()
        assert error.value.code == "published"
        assert error.value.messages == [
            "The results of this wave are published: no questionnaire can be added."]
    client.force_login(agent)
    response = client.post(paper_url(wave), answers(wave))
    assert response.status_code == 400
    assert "no questionnaire can be added" in response.content.decode()
    assert Response.objects.count() == 1 and Answer.objects.filter(
        question__code="cadre-de-vie").count() == 1


def test_the_link_is_shown_to_the_agents_while_questionnaires_may_be_entered(
        client, agent, barometer):
    open_wave = make_wave(barometer, title="Open")
    published = make_wave(barometer, title="Published", days_ago=10, days_left=-1)
    services.results_publish(wave=published)
    page_url = reverse("barometers:detail", kwargs={"slug": barometer.slug})
    client.force_login(agent)
    page = client.get(page_url).content.decode()
    assert paper_url(open_wave) in page and paper_url(published) not in page
    client.force_login(UserFactory())
    assert paper_url(open_wave) not in client.get(page_url).content.decode()
