"""Answering a wave: anonymous, once per person, targeted people only, in
its period; bad input refused with a message and nothing stored."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models as dj_models

from barometers import models, services
from barometers.models import Answer, DeviceGuard, Participation, Response
from communities.models import Circle
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

from .conftest import answers

pytestmark = pytest.mark.django_db


def _nothing_stored():
    return not (Response.objects.exists() or Answer.objects.exists()
                or Participation.objects.exists() or DeviceGuard.objects.exists())


def test_no_model_holding_an_answer_can_lead_to_its_author():
    """Every field of the models a response is made of: no relation to a
    person or to the rows that say who answered, no time of answering."""
    for model in (Response, Answer):
        for field in model._meta.get_fields():
            if field.is_relation:
                assert field.related_model in (models.Wave, models.Question, Response, Answer), (
                    f"{model.__name__}.{field.name} points to {field.related_model}")
            assert not isinstance(field, dj_models.DateTimeField | dj_models.DateField), (
                f"{model.__name__}.{field.name} dates the answer")
        assert isinstance(model._meta.pk, dj_models.UUIDField), "random ids: no order of answering"
    for model in (Participation, DeviceGuard):
        for field in model._meta.get_fields():
            assert field.related_model not in (Response, Answer), f"{model.__name__}.{field.name}"
            assert not isinstance(field, dj_models.DateTimeField | dj_models.DateField)


def test_a_signed_in_answer_is_stored_with_no_link_to_its_author(public_wave):
    person = UserFactory()
    response = services.response_submit(wave=public_wave, data=answers(public_wave), user=person)
    stored = Response.objects.filter(pk=response.pk).values().get()
    assert set(stored) == {"id", "wave_id"}
    for row in Answer.objects.filter(response=response).values():
        assert set(row) == {"id", "response_id", "question_id", "value", "text", "status"}
    assert list(Participation.objects.values_list("user_id", "wave_id")) == [
        (person.pk, public_wave.pk)]


def test_two_submissions_from_one_account_count_once(public_wave):
    person = UserFactory()
    services.response_submit(wave=public_wave, data=answers(public_wave), user=person)
    with pytest.raises(services.AlreadyAnswered, match="already answered"):
        services.response_submit(wave=public_wave, data=answers(public_wave, scale="1"),
                                 user=person)
    assert Response.objects.count() == 1
    assert list(Answer.objects.filter(value__isnull=False, question__code="cadre-de-vie")
                .values_list("value", flat=True)) == [4]


def test_an_anonymous_browser_answers_once_per_token(public_wave):
    token = services.new_device_token()
    anonymous = AnonymousUser()
    services.response_submit(wave=public_wave, data=answers(public_wave), user=anonymous,
                             device_token=token)
    with pytest.raises(services.AlreadyAnswered):
        services.response_submit(wave=public_wave, data=answers(public_wave), user=anonymous,
                                 device_token=token)
    # Another browser may answer; the token itself is never stored.
    services.response_submit(wave=public_wave, data=answers(public_wave), user=anonymous,
                             device_token=services.new_device_token())
    assert Response.objects.count() == 2
    assert not DeviceGuard.objects.filter(token_hash__contains=token).exists()
    assert DeviceGuard.objects.get(token_hash=services.device_hash(public_wave, token))


def test_an_anonymous_answer_without_a_token_is_refused(public_wave):
    with pytest.raises(ValidationError, match="accept cookies"):
        services.response_submit(wave=public_wave, data=answers(public_wave),
                                 user=AnonymousUser(), device_token="")
    assert _nothing_stored()


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "trois"])
def test_a_scale_value_out_of_range_is_refused_and_nothing_stored(public_wave, value):
    with pytest.raises(ValidationError) as error:
        services.response_submit(wave=public_wave, data=answers(public_wave, scale=value),
                                 user=UserFactory())
    [field] = public_wave.questions.filter(code="cadre-de-vie")
    assert error.value.message_dict[field.field_name] == ["Give a value from 1 to 5."]
    assert _nothing_stored()


@pytest.mark.parametrize("value", ["1", "5"])
def test_the_scale_ends_are_accepted(public_wave, value):
    services.response_submit(wave=public_wave, data=answers(public_wave, scale=value),
                             user=UserFactory())
    assert Answer.objects.filter(question__code="cadre-de-vie", value=int(value)).exists()


@pytest.mark.parametrize("single,multiple", [("3", ("0",)), ("0", ("3",)), ("-1", ())])
def test_a_choice_out_of_range_is_refused(public_wave, single, multiple):
    with pytest.raises(ValidationError, match="Choose among the choices given"):
        services.response_submit(wave=public_wave, user=UserFactory(),
                                 data=answers(public_wave, single=single, multiple=multiple))
    assert _nothing_stored()


def test_two_answers_to_a_single_choice_are_refused(public_wave):
    data = answers(public_wave)
    data[public_wave.questions.get(code="image").field_name] = ["0", "1"]
    with pytest.raises(ValidationError, match="one answer only"):
        services.response_submit(wave=public_wave, data=data, user=UserFactory())
    assert _nothing_stored()


def test_a_required_question_left_empty_is_refused(public_wave):
    field = public_wave.questions.get(code="cadre-de-vie").field_name
    assert refusals(lambda: services.response_submit(
        wave=public_wave, data=answers(public_wave, scale=None), user=UserFactory())) == [
        (field, "This question needs an answer.", "required")]
    assert _nothing_stored()


def test_optional_questions_may_be_left_empty(public_wave):
    services.response_submit(wave=public_wave, user=UserFactory(),
                             data=answers(public_wave, single="", multiple=(), text=""))
    assert list(Answer.objects.values_list("question__code", flat=True)) == ["cadre-de-vie"]


def test_the_wave_closes_at_its_exact_closing_instant(public_wave):
    with pytest.raises(ValidationError, match="not open"):
        services.response_submit(wave=public_wave, data=answers(public_wave), user=UserFactory(),
                                 now=public_wave.closes_at)
    assert _nothing_stored()
    services.response_submit(wave=public_wave, data=answers(public_wave), user=UserFactory(),
                             now=public_wave.closes_at - dt.timedelta(microseconds=1))
    assert Response.objects.count() == 1


def test_the_wave_opens_at_its_exact_opening_instant(public_wave):
    with pytest.raises(ValidationError, match="not open"):
        services.response_submit(wave=public_wave, data=answers(public_wave), user=UserFactory(),
                                 now=public_wave.opens_at - dt.timedelta(microseconds=1))
    services.response_submit(wave=public_wave, data=answers(public_wave), user=UserFactory(),
                             now=public_wave.opens_at)
    assert Response.objects.count() == 1


def test_a_wave_not_launched_takes_no_answer(barometer):
    from .conftest import make_wave

    wave = make_wave(barometer, launch=False)
    with pytest.raises(ValidationError, match="not open"):
        services.response_submit(wave=wave, data=answers(wave), user=UserFactory())


def test_a_person_the_wave_does_not_ask_is_refused(community_wave, community):
    citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    for person in (citizen, UserFactory(), AnonymousUser()):
        with pytest.raises(ValidationError, match="asked to other people"):
            services.response_submit(wave=community_wave, data=answers(community_wave),
                                     user=person, device_token="t")
    assert _nothing_stored()


def test_the_targeted_circle_and_closer_ones_may_answer(community_wave, community, informed):
    engaged = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    for person in (informed, engaged):
        services.response_submit(wave=community_wave, data=answers(community_wave), user=person)
    assert Response.objects.count() == 2


def test_a_council_wave_asks_its_seated_members(barometer, direction):
    from councils import services as councils
    from councils.models import Member

    from .conftest import make_wave

    council = councils.council_create(
        name="Conseil", slug="conseil", territory="Malakoff", direction=direction,
        term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 1, 1),
        colleges=[("Habitants", 4)], sub_areas=["Nord"])
    seated, former = UserFactory(), UserFactory()
    college = council.colleges.get()
    from django.utils import timezone
    Member.objects.create(council=council, college=college, mode="choice", name="A",
                          joined_at=timezone.now(), user=seated)
    Member.objects.create(council=council, college=college, mode="choice", name="B",
                          joined_at=timezone.now(), ended_at=timezone.now(), user=former)
    wave = make_wave(barometer, target="council", council=council)
    assert services.is_targeted(wave, seated)
    assert not services.is_targeted(wave, former)


def test_a_territory_wave_asks_the_members_of_its_communities(barometer, community, informed):
    from .conftest import make_wave

    wave = make_wave(barometer, target="territory", territory="nantes, malakoff")
    assert services.is_targeted(wave, informed)
    assert not services.is_targeted(wave, UserFactory())
