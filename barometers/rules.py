"""Permissions of barometer surveys. Walked in tests/barometers/test_rules.py
and the access matrix.

Objects: a Barometer (or None). A barometer's agent — an agent of its
direction, the cultivator or site staff — builds its waves, launches them,
reads the results while a wave runs, moderates free-text answers, publishes
results and exports the answers. Anyone may read a barometer's page and its
published results; who may answer a wave is the wave's target, decided by
barometers.services.targeting (not a role).
"""

import rules

from roles.predicates import can_build_surveys, is_agent_of, is_cultivator, is_site_staff


@rules.predicate
def is_barometer_agent(user, barometer):
    return barometer is not None and is_agent_of.test(user, barometer.direction)


can_manage = is_site_staff | is_cultivator | is_barometer_agent

rules.add_perm("barometers.view_barometer", rules.always_allow)
rules.add_perm("barometers.create_barometer", can_build_surveys)
# For one of one's own directions (the object: a Direction).
rules.add_perm("barometers.create_barometer_in", is_site_staff | is_cultivator | is_agent_of)
rules.add_perm("barometers.manage_barometer", can_manage)
