"""Who builds and runs barometers (barometers/rules.py, roles.can_build_surveys)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import DirectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_barometers_agents_are_its_directions_agents_the_cultivator_and_staff(
        barometer, agent, direction):
    other_agent = UserFactory()
    DirectionFactory(slug="autre").staff.add(other_agent)
    cultivator = UserFactory()
    DirectionFactory(slug="coord", is_coordinating=True).staff.add(cultivator)
    staff = UserFactory(is_staff=True)
    resident = UserFactory()
    manages = {name: person.has_perm("barometers.manage_barometer", barometer)
               for name, person in (("agent", agent), ("other_agent", other_agent),
                                    ("cultivator", cultivator), ("staff", staff),
                                    ("resident", resident), ("anonymous", AnonymousUser()))}
    assert manages == {"agent": True, "other_agent": False, "cultivator": True, "staff": True,
                       "resident": False, "anonymous": False}
    builds = {name: person.has_perm("barometers.create_barometer")
              for name, person in (("other_agent", other_agent), ("resident", resident),
                                   ("anonymous", AnonymousUser()))}
    assert builds == {"other_agent": True, "resident": False, "anonymous": False}
    assert not other_agent.has_perm("barometers.create_barometer_in", direction)
    assert agent.has_perm("barometers.create_barometer_in", direction)
