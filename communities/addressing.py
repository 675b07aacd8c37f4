"""The communities a person may reach on an institution's behalf (open a
council's channel in, ask a barometer's wave to): `roles.predicates.can_address`
as a queryset, for the forms that offer the choice: one query once the
person's roles are known (at most three more, cached on the user object)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from roles.predicates import address_scope

from .models import Community


def addressable_communities(user) -> QuerySet[Community]:
    everywhere, direction_ids, community_ids = address_scope(user)
    communities = Community.objects.order_by("name", "pk")
    if everywhere:
        return communities
    return communities.filter(Q(direction_id__in=direction_ids) | Q(pk__in=community_ids))
