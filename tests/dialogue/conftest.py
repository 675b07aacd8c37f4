"""Fixtures of citizen dialogue processes: a direction with its process lead,
a published process whose contributions phase is open now, and citizens."""

import datetime as dt

import pytest
from django.utils import timezone

from processes import services
from processes.models import Phase
from processes.services import opinion as op
from tests.factories import DirectionFactory, MembershipFactory, UserFactory

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english(in_english):
    """Messages and pages are read in English here (tests/conftest.py)."""


@pytest.fixture
def direction(db):
    return DirectionFactory(name="Mobilités", slug="mobilites")


@pytest.fixture
def lead(direction):
    user = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    direction.staff.add(user)
    services.process_lead_grant(direction=direction, person=user, actor=None)
    return user


def citizen(name="Camille Habitante", **fields):
    return UserFactory(display_name=name, **fields)


@pytest.fixture
def author(db):
    return citizen("Awa Diallo", email="awa@example.org")


@pytest.fixture
def supporter(db):
    return citizen("Bruno Soutien", email="bruno@example.org")


MANDATE = {
    "title": "Plan vélo 2027", "summary": "Où créer les prochaines pistes cyclables ?",
    "territory": "Toulouse Métropole",
    "elected_official": "Mme la vice-présidente aux mobilités",
    "open_to_debate": "Le tracé des pistes, l'ordre des travaux.",
    "not_open_to_debate": "Le budget total (12 M€).",
    "decision_maker": "Le conseil de la Métropole",
    "contributions_use": "Chaque proposition soutenue reçoit une réponse argumentée.",
    "answer_due_on": dt.date(2027, 6, 30), "support_threshold": 2,
    "categories": "Pistes\nStationnement",
}


def phases_around(now, *, contributions_open=True):
    """Information (past), contributions (open now, or just closed), answer (future)."""
    if contributions_open:
        c_start, c_end = now - 2 * DAY, now + 5 * DAY
    else:
        c_start, c_end = now - 5 * DAY, now - DAY
    return [
        services.PhaseInput(Phase.Kind.INFORMATION, c_start - 10 * DAY, c_start, "Réunion"),
        services.PhaseInput(Phase.Kind.CONTRIBUTIONS, c_start, c_end, "Vos idées"),
        services.PhaseInput(Phase.Kind.ANSWER, c_end, c_end + 30 * DAY, "Réponses"),
    ]


def make_process(direction, lead, *, publish=True, now=None, contributions_open=True, **fields):
    values = {**MANDATE, **fields}
    process = services.process_create(actor=lead, direction=direction, **values)
    services.phases_set(process=process, actor=lead,
                        phases=phases_around(now or timezone.now(),
                                             contributions_open=contributions_open))
    if publish:
        process = services.process_publish(process=process, actor=lead)
    return process


@pytest.fixture
def process(direction, lead):
    return make_process(direction, lead)


@pytest.fixture
def proposal(process, author):
    return services.proposal_create(process=process, author=author, title="Une piste rue de Metz",
                                    text="Relier le centre à la gare.", category="Pistes")


@pytest.fixture
def member(process, lead):
    """A member of the process's citizen panel (the opinion's tests)."""
    person = citizen("Nora Panel", email="nora@example.org")
    op.panel_member_add(process=process, person=person, actor=lead)
    return person


# --- Referrals from communities (a need or a working group's result) ------------------------


def make_need(community, title="Des haies au village"):
    """A need of `community` written by one of its informed members."""
    from needs import services as need_services
    from needs.models import Need

    author = MembershipFactory(community=community, circle=2,
                               user=UserFactory(display_name="Awa Membre")).user
    return need_services.need_create(
        community=community, author=author, kind=Need.Kind.NEED, title=title,
        description="Replanter 2 km de haies.", visibility=Need.Visibility.COMMUNITY,
        tags=[], contact_consent=False)


@pytest.fixture
def need(community, pair):
    return make_need(community)


@pytest.fixture
def result(community, pair):
    """A line of a working group's decision log, recorded by the territory gardener."""
    from workgroups import services as group_services

    group = group_services.group_create(
        community=community, actor=pair.territory_gardener, name="Haies", goal="Des haies.",
        issue="Bocage")
    return group_services.decision_record(group=group, actor=pair.territory_gardener,
                                          text="Nous demandons un plan haies communal.",
                                          decided_on=dt.date(2026, 11, 2))


@pytest.fixture
def region_gardener(pair):
    """The community's institution gardener: who refers its needs and results."""
    return pair.institution_gardener
