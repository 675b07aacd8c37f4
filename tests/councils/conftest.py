"""Fixtures of citizen councils: a council of the "Cohésion" direction with
its agent, and a pool generated with a fixed seed."""

import datetime as dt
import random

import pytest
from django.utils import timezone, translation

from councils import consent, services
from councils.models import Candidate, Council
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

SUB_AREAS = ["Nord", "Centre", "Sud"]


@pytest.fixture(autouse=True)
def _in_english():
    """The services' messages are read in English here, whatever the
    catalogue holds; the pages choose their language per request."""
    with translation.override("en"):
        yield


@pytest.fixture
def direction(db):
    return DirectionFactory(name="Cohésion urbaine", slug="cohesion")


@pytest.fixture
def community(direction):
    """A community of the council's direction: one its agent may open the
    council's channel in (roles.predicates.can_address)."""
    return CommunityFactory(name="Biodiversité", slug="biodiversite", direction=direction)


@pytest.fixture
def other_community(direction):
    return CommunityFactory(name="Alimentation durable", slug="alimentation", direction=direction)


@pytest.fixture
def agent(direction):
    user = UserFactory(email="agent.conseil@example.org", display_name="Agathe Agent",
                       preferred_language="en")
    direction.staff.add(user)
    return user


@pytest.fixture
def council(direction):
    return services.council_create(
        name="Conseil citoyen de Malakoff", slug="malakoff", territory="Nantes, Malakoff",
        direction=direction, term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 12), ("Associations et acteurs locaux", 6)],
        sub_areas=SUB_AREAS,
    )


@pytest.fixture
def residents(council):
    return council.colleges.get(name="Habitants")


def make_pool(council, size: int, *, seed: int = 7, **fixed) -> list[Candidate]:
    """`size` candidates with characteristics drawn by a seeded generator
    (`fixed` forces some), written in one INSERT."""
    rng = random.Random(seed)
    categories = {c.key: c.categories for c in council.characteristics.all()}
    now = timezone.now()
    rows = []
    for n in range(size):
        values = {key: rng.choice(cats) for key, cats in categories.items()}
        values.update(fixed)
        rows.append(Candidate(
            council=council, public_id=f"C-{seed:02d}{n:04d}", name=f"Habitant {n}",
            email=f"habitant{seed}.{n}@example.org", territory="Malakoff",
            characteristics=values, consent_version=consent.CURRENT.version,
            consent_fingerprint=consent.CURRENT.fingerprint, consented_at=now,
            source=Candidate.Source.IMPORT,
        ))
    return Candidate.objects.bulk_create(rows)


@pytest.fixture
def pool(council):
    return make_pool(council, 60)


START = dt.date(2027, 1, 1)


def create(direction, **fields):
    """A council of `direction` through the service, `fields` changed."""
    values = {
        "name": "Conseil citoyen du Breil", "slug": "breil", "territory": "Nantes, Breil",
        "direction": direction, "term_start": START, "term_end": dt.date(2029, 12, 31),
        "colleges": [("Habitants", 10)], "sub_areas": ["Est", "Ouest"],
    }
    return services.council_create(**{**values, **fields})


def update(council, **fields):
    """council_update with what is stored, `fields` changed."""
    council = Council.objects.get(pk=council.pk)
    values = {
        "name": council.name, "territory": council.territory, "term_start": council.term_start,
        "term_end": council.term_end, "description": council.description,
        "colleges": [(c.name, c.seats) for c in council.colleges.all()],
        "sub_areas": council.characteristics.get(key="sub_area").categories,
        "extra_characteristics": [
            (c.key, c.label, c.categories)
            for c in council.characteristics.exclude(key__in=["age_band", "gender", "sub_area"])],
    }
    return services.council_update(council=council, **{**values, **fields})


QUOTAS = {
    "gender": {"woman": [3, 5], "man": [3, 5]},
    "age_band": {"16-29": [1, 3], "60+": [1, 3]},
    "sub_area": {"Nord": [2, 4], "Centre": [2, 4], "Sud": [2, 4]},
}


def announce(college, *, seats=8, quotas=None, now=None, fix_seed="12 23 34 45 50"):
    draw = services.draw_announce(
        college=college, seats=seats, quotas=QUOTAS if quotas is None else quotas,
        seed_source="Loto du lundi 14 décembre 2026", now=now,
    )
    if fix_seed:
        draw = services.draw_fix_seed(draw=draw, seed=fix_seed)
    return draw


@pytest.fixture
def member(council, residents):
    """A member by choice with an account (the sessions' tests)."""
    user = UserFactory(email="amina@example.org", display_name="Amina", preferred_language="en")
    services.member_appoint(college=residents, name="Amina", user=user)
    return user
