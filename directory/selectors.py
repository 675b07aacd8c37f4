"""Reads of the directory, each in a fixed number of queries.

`entry_page` with its prefetches costs: the count (paginator), the page of
entries with their people, the people's skills, the people's interests;
whatever the number of entries or tags.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from taggit.models import TaggedItem

from accounts.models import TaggedSkill
from communities.models import Community
from terreau.french import sort_key

from .models import DirectoryEntry


@dataclass(frozen=True)
class Filters:
    q: str = ""
    territory: str = ""
    skill: str = ""
    interest: str = ""


def entries(*, community: Community, filters: Filters = Filters()) -> QuerySet[DirectoryEntry]:
    """The community's entries matching the filters, by name, people joined in."""
    qs = DirectoryEntry.objects.filter(community=community).select_related("user")
    if filters.q:
        qs = qs.filter(
            Q(user__display_name__icontains=filters.q) | Q(user__organisation__icontains=filters.q)
        )
    if filters.territory:
        qs = qs.filter(territory__iexact=filters.territory)
    if filters.skill:
        qs = qs.filter(
            user__in=TaggedSkill.objects.filter(
                tag__name__iexact=filters.skill, **_user_items()
            ).values("object_id")
        )
    if filters.interest:
        qs = qs.filter(
            user__in=TaggedItem.objects.filter(
                tag__name__iexact=filters.interest, **_user_items()
            ).values("object_id")
        )
    return qs.order_by("user__display_name", "pk")


def with_tags(qs: QuerySet[DirectoryEntry]) -> QuerySet[DirectoryEntry]:
    """Prefetch skills and interests: two queries for a whole page.

    taggit refuses a Prefetch with its own queryset, so the template sorts.
    """
    return qs.prefetch_related("user__skills", "user__interests")


def _user_items() -> dict:
    # Joined rather than ContentType.objects.get_for_model(): no query of its own.
    return {"content_type__app_label": "accounts", "content_type__model": "user"}


def territories(community: Community) -> list[str]:
    """Territories already used in the community, for suggestions and the filter."""
    names = (
        DirectoryEntry.objects.filter(community=community)
        .exclude(territory="")
        .values_list("territory", flat=True)
        .distinct()
    )
    # Case-insensitive de-duplication in Python: "Lyon" and "lyon" are one place.
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=sort_key)


def used_skills(community: Community) -> list[str]:
    listed = DirectoryEntry.objects.filter(community=community).values("user_id")
    return sorted(
        set(
            TaggedSkill.objects.filter(object_id__in=listed, **_user_items())
            .values_list("tag__name", flat=True)
        ),
        key=sort_key,
    )


def used_interests(community: Community) -> list[str]:
    listed = DirectoryEntry.objects.filter(community=community).values("user_id")
    return sorted(
        set(
            TaggedItem.objects.filter(object_id__in=listed, **_user_items())
            .values_list("tag__name", flat=True)
        ),
        key=sort_key,
    )


def markers(qs: QuerySet[DirectoryEntry]) -> list[dict]:
    """What the map shows of each located entry: one query, no tags."""
    return [
        {
            "name": str(entry.user),
            "organisation": entry.user.organisation,
            "territory": entry.territory,
            "lat": float(entry.latitude),
            "lng": float(entry.longitude),
        }
        for entry in qs.filter(latitude__isnull=False, longitude__isnull=False).only(
            "territory", "latitude", "longitude", "user__display_name", "user__email",
            "user__organisation",
        )
    ]


def entry_of(user, community: Community) -> DirectoryEntry | None:
    if not user.is_authenticated:
        return None
    return DirectoryEntry.objects.filter(community=community, user=user).first()


def listed_count(community: Community) -> int:
    return DirectoryEntry.objects.filter(community=community).count()


def entries_of(user) -> dict[int, DirectoryEntry]:
    """{community_id: entry} of every community the person is listed in."""
    if not user.is_authenticated:
        return {}
    return {e.community_id: e for e in DirectoryEntry.objects.filter(user=user)}
