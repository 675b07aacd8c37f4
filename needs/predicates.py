"""Who someone is for a need or proposal, as django-rules predicates.

The object is a Need, or a Community for the community-wide rules (listing,
submitting, the gardeners' board). Circles and gardened communities come
from the per-request caches of communities.predicates and gardeners.predicates.
"""

import rules

from communities.models import Circle
from communities.predicates import circle_of, is_member, is_site_staff
from gardeners.predicates import is_cultivator, is_gardener_of

from .models import OPEN_STATUSES, Need, Status


def _community(obj):
    return obj.community if isinstance(obj, Need) else obj


@rules.predicate
def is_community_member(user, obj):
    return obj is not None and is_member(user, _community(obj))


@rules.predicate
def is_informed_or_engaged(user, obj):
    circle = circle_of(user, _community(obj)) if obj is not None else None
    return circle is not None and circle >= Circle.INFORMED


@rules.predicate
def is_pair(user, obj):
    """A gardener of the community's active pair, or site staff."""
    return obj is not None and (is_site_staff(user) or is_gardener_of(user, _community(obj)))


@rules.predicate
def is_cultivator_of(user, obj):
    return is_cultivator(user)


@rules.predicate
def is_author(user, need):
    return isinstance(need, Need) and user.is_authenticated and need.author_id == user.pk


@rules.predicate
def is_visible_to_community(user, need):
    return isinstance(need, Need) and need.visibility == Need.Visibility.COMMUNITY


@rules.predicate
def is_open(user, need):
    return isinstance(need, Need) and need.status in OPEN_STATUSES


@rules.predicate
def is_new(user, need):
    return isinstance(need, Need) and need.status == Status.NEW
