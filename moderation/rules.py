"""Permissions of the moderation queue. Objects: a Community for the queue,
a Case for a decision. Who may report an item is its owner app's permission
(registry.Reportable.permission).

The queue of a community is read and decided by its gardener pair, the
cultivator (who coaches every community) and site staff: `can_oversee`.
"""

import rules

from roles.predicates import can_oversee, via_community

from .models import Case


def _community(obj):
    return obj.community if isinstance(obj, Case) else obj


oversees = via_community(can_oversee, _community, name="oversees_moderation")

rules.add_perm("moderation.view_queue", oversees)
rules.add_perm("moderation.decide_case", oversees)
