"""The edges of answering a wave (barometers/services/answering.py) that its
first mutation run found unpinned: whom a council's or a community's wave
asks (that council, that community only), "has answered" per wave and per
browser, each refusal in the words a resident reads, the length limit of a
free text, and questionnaires entered from paper, stored as written."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from barometers import services
from barometers.models import Answer, Response, Wave
from barometers.services.answering import has_answered
from communities.models import Circle
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.refusals import refusals

from .conftest import answers, make_wave

pytestmark = pytest.mark.django_db


def refusal(wave, data=None, user=None, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as error:
        services.response_submit(wave=wave, data=answers(wave) if data is None else data,
                                 user=user or UserFactory(), **kwargs)
    assert not Response.objects.exists()
    return error.value.messages


def field(wave, code: str) -> str:
    return wave.questions.get(code=code).field_name


# --- Whom a wave asks --------------------------------------------------------------


def test_a_community_wave_asks_that_communitys_members_only(barometer, community, informed):
    other = CommunityFactory(name="Bellevue", slug="bellevue")
    elsewhere = MembershipFactory(community=other, circle=Circle.ENGAGED).user
    wave = make_wave(barometer, target=Wave.Target.COMMUNITY, community=community,
                     min_circle=Circle.INFORMED)
    assert list(services.targeted_people(wave)) == [informed]
    assert refusal(wave, user=elsewhere) == ["This survey is asked to other people."]


def test_a_council_wave_asks_that_councils_members_only(barometer, direction):
    from councils import services as councils
    from councils.models import Member

    def council(slug):
        made = councils.council_create(
            name=slug, slug=slug, territory="Malakoff", direction=direction,
            term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 1, 1),
            colleges=[("Habitants", 4)], sub_areas=["Nord"])
        person = UserFactory()
        Member.objects.create(council=made, college=made.colleges.get(), mode="choice",
                              name=slug, joined_at=timezone.now(), user=person)
        return made, person

    (asked, seated), (_other, seated_elsewhere) = council("asked"), council("other")
    wave = make_wave(barometer, target=Wave.Target.COUNCIL, council=asked)
    assert list(services.targeted_people(wave)) == [seated]
    assert not services.is_targeted(wave, seated_elsewhere)


# --- Has answered ------------------------------------------------------------------


def test_having_answered_one_wave_leaves_the_next_one_to_answer(barometer):
    spring, autumn = make_wave(barometer), make_wave(barometer, title="Autumn")
    person, token = UserFactory(), services.new_device_token()
    services.response_submit(wave=spring, data=answers(spring), user=person)
    services.response_submit(wave=spring, data=answers(spring), user=AnonymousUser(),
                             device_token=token)
    assert has_answered(spring, person, "")
    assert has_answered(spring, AnonymousUser(), token)
    assert not has_answered(autumn, person, "")
    assert not has_answered(autumn, AnonymousUser(), token)
    assert not has_answered(spring, UserFactory(), "")


def test_another_browser_or_none_has_not_answered(public_wave):
    token = services.new_device_token()
    services.response_submit(wave=public_wave, data=answers(public_wave), user=AnonymousUser(),
                             device_token=token)
    assert not has_answered(public_wave, AnonymousUser(), services.new_device_token())
    assert not has_answered(public_wave, AnonymousUser(), "")


def test_an_anonymous_answer_needs_a_token_even_when_none_is_passed(public_wave):
    assert refusal(public_wave, user=AnonymousUser()) == [
        "Your browser must accept cookies to answer anonymously."]


def test_the_browsers_hash_is_a_sha256_hmac_per_wave(barometer):
    spring, autumn = make_wave(barometer), make_wave(barometer, title="Autumn")
    token = services.new_device_token()
    assert len(token) == 43  # 32 random bytes, URL-safe base64
    first = services.device_hash(spring, token)
    assert len(first) == 64 and int(first, 16) >= 0
    assert first != services.device_hash(autumn, token)
    assert first == services.device_hash(spring, token)


# --- Refusals, in words --------------------------------------------------------------


def test_a_wave_not_open_says_when_it_takes_answers(barometer):
    wave = make_wave(barometer, days_ago=-2, days_left=9, launch=False)
    services.wave_launch(wave=wave, now=timezone.now())
    opens = timezone.localtime(wave.opens_at).strftime("%d/%m/%Y %H:%M")
    closes = timezone.localtime(wave.closes_at).strftime("%d/%m/%Y %H:%M")
    assert refusal(wave) == [
        f"This survey is not open: answers are taken from {opens} until {closes}."]
    assert opens != closes and len(opens) == len("06/12/2026 05:30")


def test_a_person_not_asked_reads_why(community_wave):
    assert refusal(community_wave) == ["This survey is asked to other people."]


def test_a_free_text_may_be_2000_characters_long_not_one_more(public_wave):
    assert refusals(lambda: services.response_submit(
        wave=public_wave, data=answers(public_wave, text="a" * 2001), user=UserFactory())) == [
        (field(public_wave, "idee"), "Keep your answer under 2000 characters.", "too_long")]
    assert not Response.objects.exists()
    services.response_submit(wave=public_wave, data=answers(public_wave, text="a" * 2000),
                             user=UserFactory())
    assert Answer.objects.get(question__code="idee").text == "a" * 2000


def test_a_free_text_given_in_two_parts_is_kept_as_two_lines(public_wave):
    data = answers(public_wave)
    data[field(public_wave, "idee")] = ["More benches ", " and trees"]
    services.response_submit(wave=public_wave, data=data, user=UserFactory())
    assert Answer.objects.get(question__code="idee").text == "More benches\nand trees"


def test_two_values_on_a_scale_are_refused(public_wave):
    data = answers(public_wave)
    data[field(public_wave, "cadre-de-vie")] = ["2", "3"]
    assert refusals(lambda: services.response_submit(
        wave=public_wave, data=data, user=UserFactory())) == [
        (field(public_wave, "cadre-de-vie"), "Give a value from 1 to 5.", "bad_value")]


def test_every_wrong_answer_is_named_at_once(public_wave):
    data = answers(public_wave, scale="9", single="7")
    data[field(public_wave, "services")] = ["0", "9"]
    assert refusals(lambda: services.response_submit(
        wave=public_wave, data=data, user=UserFactory())) == sorted([
        (field(public_wave, "cadre-de-vie"), "Give a value from 1 to 5.", "bad_value"),
        (field(public_wave, "image"), "Choose among the choices given.", "bad_choice"),
        (field(public_wave, "services"), "Choose among the choices given.", "bad_choice"),
    ])
    data = answers(public_wave)
    data[field(public_wave, "image")] = ["0", "1"]
    assert refusals(lambda: services.response_submit(
        wave=public_wave, data=data, user=UserFactory())) == [
        (field(public_wave, "image"), "Choose one answer only.", "one_only")]


def test_a_required_question_left_out_is_named_with_its_code(public_wave):
    data = answers(public_wave)
    del data[field(public_wave, "cadre-de-vie")]
    assert refusals(lambda: services.response_submit(
        wave=public_wave, data=data, user=UserFactory())) == [
        (field(public_wave, "cadre-de-vie"), "This question needs an answer.", "required")]
    assert not Response.objects.exists()


def test_an_empty_questionnaire_is_refused_in_words(barometer):
    wave = make_wave(barometer, launch=False)
    wave.questions.filter(required=True).update(required=False)
    services.wave_launch(wave=wave, now=wave.opens_at)
    assert refusals(lambda: services.response_submit(wave=wave, data={}, user=UserFactory())) == [
        (None, "Answer at least one question.", "empty")]


def test_a_second_answer_reads_the_thanks(public_wave):
    person = UserFactory()
    services.response_submit(wave=public_wave, data=answers(public_wave), user=person)
    with pytest.raises(services.AlreadyAnswered) as error:
        services.response_submit(wave=public_wave, data=answers(public_wave), user=person)
    assert (error.value.messages, error.value.code) == (
        ["You have already answered this survey: thank you."], "already_answered")


# --- Questionnaires from paper --------------------------------------------------------


def test_paper_questionnaires_are_stored_as_written(public_wave, agent):
    rows = [answers(public_wave, scale="2", single="1", multiple=("1",), text="Plus de bancs"),
            answers(public_wave, scale="5", single="", multiple=(), text="")]
    assert services.responses_import(wave=public_wave, rows=rows, actor=agent) == 2
    logged = AuditEntry.objects.get(action="barometer.paper_entered")
    assert (logged.actor, logged.details) == (agent, {"wave": public_wave.pk,
                                                      "questionnaires": 2})
    stored = sorted(
        sorted((a.question.code, a.value, a.text) for a in r.answers.select_related("question"))
        for r in Response.objects.filter(wave=public_wave))
    assert stored == sorted([
        [("cadre-de-vie", 2, ""), ("idee", None, "Plus de bancs"), ("image", 1, ""),
         ("services", 1, "")],
        [("cadre-de-vie", 5, "")],
    ])


def test_a_wrong_paper_questionnaire_is_named_by_its_number_and_nothing_is_stored(public_wave):
    rows = [answers(public_wave), answers(public_wave, scale="8", single="5")]
    with pytest.raises(ValidationError) as error:
        services.responses_import(wave=public_wave, rows=rows)
    assert error.value.messages == [
        "Questionnaire 2: Give a value from 1 to 5. Choose among the choices given."]
    assert not Response.objects.exists()
