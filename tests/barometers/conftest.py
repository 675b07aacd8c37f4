"""Fixtures of barometer surveys: a barometer of the "Cohésion" direction
with its agent; an open public wave and an open wave asking a community's
informed circle, each with one question of every type."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation

from barometers import services
from barometers.models import Answer, Question, Response, Wave
from communities.models import Circle
from tests.factories import CommunityFactory, DirectionFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def direction(db):
    return DirectionFactory(name="Cohésion urbaine", slug="cohesion")


@pytest.fixture
def agent(direction):
    user = UserFactory(email="agent.barometre@example.org", display_name="Agathe Agent",
                       preferred_language="en")
    direction.staff.add(user)
    return user


@pytest.fixture
def barometer(direction):
    return services.barometer_create(name="Baromètre des habitants", slug="barometre",
                                     direction=direction)


def add_questions(wave):
    services.question_add(wave=wave, kind=Question.Kind.SCALE, code="cadre-de-vie",
                          text="How do you rate your living conditions?", required=True)
    services.question_add(wave=wave, kind=Question.Kind.SINGLE, code="image",
                          text="Has the image of the neighbourhood improved?",
                          choices=["Yes", "No", "I don't know"])
    services.question_add(wave=wave, kind=Question.Kind.MULTIPLE, code="services",
                          text="Which services do you use?",
                          choices=["Library", "Health centre", "Town hall"])
    services.question_add(wave=wave, kind=Question.Kind.TEXT, code="idee",
                          text="An idea for the neighbourhood?")
    return wave


def make_wave(barometer, *, title="Spring", days_ago=1, days_left=7, launch=True, **target):
    now = timezone.now()
    wave = services.wave_create(barometer=barometer, title=title,
                                opens_at=now - dt.timedelta(days=days_ago),
                                closes_at=now + dt.timedelta(days=days_left), **target)
    add_questions(wave)
    if launch:
        services.wave_launch(wave=wave, now=now - dt.timedelta(days=days_ago) if days_ago > 0
                             else now)
    return wave


@pytest.fixture
def public_wave(barometer):
    return make_wave(barometer)


@pytest.fixture
def community(db):
    return CommunityFactory(name="Malakoff", slug="malakoff", territory="Nantes, Malakoff")


@pytest.fixture
def informed(community):
    return MembershipFactory(community=community, circle=Circle.INFORMED,
                             user=UserFactory(email="ines@example.org", preferred_language="en")
                             ).user


@pytest.fixture
def community_wave(barometer, community, informed):
    return make_wave(barometer, title="Circle wave", target=Wave.Target.COMMUNITY,
                     community=community, min_circle=Circle.INFORMED)


def answers(wave, scale="4", single="0", multiple=("0", "2"), text="More benches"):
    q = {x.code: x.field_name for x in wave.questions.all()}
    return {q["cadre-de-vie"]: [scale] if scale is not None else [], q["image"]: [single],
            q["services"]: list(multiple), q["idee"]: [text]}


def given_answer(question, text="", *, value=None, status=Answer.Status.PENDING, number=None):
    """One answer in a response of its own, stored as given (no form, no
    moderation). `number` chooses its id, for tests of the order of ids."""
    return Answer.objects.create(
        id=uuid.uuid4() if number is None else uuid.UUID(int=number), question=question,
        text=text, value=value, status=status,
        response=Response.objects.create(wave=question.wave))
