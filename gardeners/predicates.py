"""Gardener and cultivator roles, as django-rules predicates."""

import rules
from django.db.models import Q

from .models import GardenerPair


def gardened_community_ids(user) -> set[int]:
    """Communities whose active pair includes the user (cached per request)."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_terreau_gardened", None)
    if cache is None:
        # One plain OR: a UNION of the two roles inherits the model's default
        # ordering, which SQLite refuses inside a compound statement.
        rows = GardenerPair.objects.filter(
            Q(territory_gardener=user) | Q(institution_gardener=user), ended_at__isnull=True
        ).values_list("community_id", flat=True)
        cache = set(rows)
        user._terreau_gardened = cache
    return cache


@rules.predicate
def is_gardener_of(user, community):
    return community is not None and community.pk in gardened_community_ids(user)


@rules.predicate
def is_gardener(user):
    """Gardener of at least one community."""
    return bool(gardened_community_ids(user))


@rules.predicate
def is_cultivator(user):
    """Staff of the coordinating direction."""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_terreau_cultivator", None)
    if cache is None:
        cache = user.directions.filter(is_coordinating=True).exists()
        user._terreau_cultivator = cache
    return cache


@rules.predicate
def is_direction_agent(user):
    """Staff of any direction: may be appointed institution gardener."""
    return user.is_authenticated and user.directions.exists()
