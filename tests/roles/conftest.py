"""People of the roles' tests: an agent of the community's direction (who may
be its institution gardener) and the cultivator."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def agent(community):
    """An agent of the community's direction: may be its institution gardener."""
    person = UserFactory(email="agent@example.org", display_name="Agnès Agent")
    community.direction.staff.add(person)
    return person


@pytest.fixture
def cultivator(cultivator_direction):
    person = UserFactory(email="cultivator@example.org", display_name="Camille Cultivatrice")
    cultivator_direction.staff.add(person)
    return person
