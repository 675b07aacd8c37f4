"""Who someone is in a community, as django-rules predicates.

Each predicate answers from a per-request cache on the user object, so a page
that asks many questions (one per community in a list, several per template)
costs one query, not one per question.
"""

import rules

from .models import Circle, Membership


def circles_by_community(user) -> dict[int, int]:
    """{community_id: circle} for every community the user belongs to."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_terreau_circles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("community_id", "circle"))
        user._terreau_circles = cache
    return cache


def forget(user) -> None:
    """Drop the cached answers after a service changed the user's memberships."""
    for attr in ("_terreau_circles", "_terreau_gardened", "_terreau_cultivator"):
        if hasattr(user, attr):
            delattr(user, attr)


def circle_of(user, community) -> int | None:
    if community is None:
        return None
    return circles_by_community(user).get(community.pk)


@rules.predicate
def is_member(user, community):
    return circle_of(user, community) is not None


def circle_at_least(circle: Circle):
    @rules.predicate(name=f"in_circle_{Circle(circle).name.lower()}_or_closer")
    def predicate(user, community):
        current = circle_of(user, community)
        return current is not None and current >= circle

    return predicate


is_informed_or_closer = circle_at_least(Circle.INFORMED)
is_engaged = circle_at_least(Circle.ENGAGED)


@rules.predicate
def is_site_staff(user):
    return user.is_authenticated and (user.is_staff or user.is_superuser)
