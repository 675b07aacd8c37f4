"""Fixtures of calls for projects: a call of the "Cohésion" direction funded
with "Environnement", its agent, a reviewer per funder, three organisations
(the lead, a co-carrier, a third one) and a draft application."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls import services
from organisations import services as organisations
from tests.factories import DirectionFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english(in_english, settings, tmp_path):
    settings.CALLS_PRIVATE_ROOT = tmp_path / "private"
    yield


@pytest.fixture
def direction(db):
    return DirectionFactory(name="Cohésion urbaine", slug="cohesion")


@pytest.fixture
def funder(db):
    return DirectionFactory(name="Environnement", slug="environnement")


@pytest.fixture
def agent(direction):
    user = UserFactory(email="agent@example.org", display_name="Agathe Agent")
    direction.staff.add(user)
    return user


@pytest.fixture
def asker(db):
    """Someone who asks the call's team a question (the questions' tests)."""
    return UserFactory(email="asker@example.org", display_name="Aline Asker")


@pytest.fixture
def reviewers(direction, funder):
    first = UserFactory(email="rev1@example.org", display_name="Rita Relit")
    second = UserFactory(email="rev2@example.org", display_name="Rémi Relit")
    direction.staff.add(first)
    funder.staff.add(second)
    return first, second


@pytest.fixture
def call(agent, direction, funder):
    now = timezone.now()
    call = services.call_create(
        agent=agent, direction=direction, title="Quartiers fertiles",
        summary="Des projets pour nos quartiers.", rules="Les règles du jeu.",
        eligible_territories="Nord, Centre", budget=Decimal(50000),
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=20),
        criteria=[("Utilité sociale", 3), ("Faisabilité", 1)], documents=["Statuts", "Budget"],
        themes=["alimentation"], partners=[direction, funder],
    )
    return services.call_publish(call=call)


def make_org(name, admin_email, member_email=None):
    admin = UserFactory(email=admin_email, display_name=f"Admin {name}")
    org = organisations.organisation_create(creator=admin, name=name, kind="association")
    member = None
    if member_email:
        member = UserFactory(email=member_email, display_name=f"Membre {name}")
        organisations.member_add(organisation=org, email=member_email)
    return org, admin, member


@pytest.fixture
def lead(db):
    return make_org("Les Jardins du Nord", "lead@example.org", "lead.member@example.org")


@pytest.fixture
def partner_org(db):
    return make_org("Collectif Sud", "co@example.org", "co.member@example.org")


@pytest.fixture
def third(db):
    return make_org("Troisième Voie", "third@example.org")


@pytest.fixture
def application(call, lead):
    org, admin, _member = lead
    return services.application_start(call=call, organisation=org, user=admin,
                                      title="Potagers partagés")


def pdf(name="statuts.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def complete(application, user):
    """A draft that can be submitted: summary, a budget that adds up, every document."""
    application = services.application_save(
        application=application, summary="Des potagers.", requested_amount=Decimal(8000),
        lines=[("expense", "Matériel", "10000"), ("cofunding", "Ville", "2000")],
    )
    for document in application.call.required_documents.all():
        services.attachment_upload(application=application, document=document,
                                   upload=pdf(), user=user)
    return application


@pytest.fixture
def submitted(application, lead):
    complete(application, lead[1])
    return services.application_submit(application=application, user=lead[1])


@pytest.fixture
def complete_file(submitted, agent):
    """A received application its call's agent declared complete: reviewers score it."""
    return services.application_complete(application=submitted, agent=agent)


def even_split(call, amount) -> dict:
    """The amount granted split among the call's funders: all to the first one."""
    funders = services.funders_of(call)
    return {f.key: (amount if i == 0 else "0") for i, f in enumerate(funders)}
