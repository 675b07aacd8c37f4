"""Communities and directions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import audit
from communities.models import Community, Direction
from roles.changes import roles_changed
from terreau.slugs import save_under_free_slug

# Path words under /communities/ and /gardeners/ that a community slug would shadow.
RESERVED_COMMUNITY_SLUGS = frozenset({"mine", "overview", "directions", "new"})


def _check_community_slug(slug: str) -> None:
    if slug in RESERVED_COMMUNITY_SLUGS:
        raise ValidationError(
            {
                "slug": ValidationError(
                    _("This address is reserved; choose another one."), code="reserved_slug"
                )
            }
        )


def community_create(
    *,
    name: str,
    description: str,
    territory: str,
    direction: Direction,
    themes: list[str] | None = None,
    how_to_join: str = "",
    picture=None,
    picture_alt: str = "",
    slug: str = "",
) -> Community:
    with transaction.atomic():
        if slug:
            _check_community_slug(slug)
        community = Community(
            name=name,
            slug=slug,
            description=description,
            territory=territory,
            direction=direction,
            how_to_join=how_to_join,
            picture_alt=picture_alt,
        )
        if picture:
            community.picture = picture
        if slug:  # chosen: taken is refused in words (full_clean)
            community.full_clean()
            community.save()
        else:
            community.full_clean(exclude=["slug"])
            save_under_free_slug(community, name, queryset=Community.objects.all(),
                                 max_length=100, fallback="community",
                                 reserved=RESERVED_COMMUNITY_SLUGS)
        if themes:
            community.themes.set(themes)
        return community


def community_update(*, community: Community, themes: list[str] | None = None, **fields) -> Community:
    with transaction.atomic():
        if "slug" in fields:
            _check_community_slug(fields["slug"])
        for name, value in fields.items():
            setattr(community, name, value)
        community.full_clean()
        community.save()
        if themes is not None:
            community.themes.set(themes)
        return community


def direction_save(
    *, direction: Direction | None = None, name: str, description: str = "",
    is_coordinating: bool = False, staff=None, actor=None,
) -> Direction:
    with transaction.atomic():
        direction = direction or Direction()
        before = list(direction.staff.all()) if direction.pk else []
        direction.name = name
        direction.description = description
        direction.is_coordinating = is_coordinating
        if direction.slug:
            direction.full_clean()
            direction.save()
        else:
            direction.full_clean(exclude=["slug"])
            save_under_free_slug(direction, name, queryset=Direction.objects.all(),
                                 max_length=100, fallback="direction")
        if staff is not None:
            direction.staff.set(staff)
        # Being the cultivator is being staff of a coordinating direction: the
        # stores derived from roles (the CMS groups) follow, both ways.
        after = list(direction.staff.all())
        roles_changed([*before, *after])
        if staff is not None and {p.pk for p in before} != {p.pk for p in after}:
            audit.record(
                audit.Action.DIRECTION_STAFF_CHANGED, actor=actor, target=direction,
                details={
                    "added": sorted({p.pk for p in after} - {p.pk for p in before}),
                    "removed": sorted({p.pk for p in before} - {p.pk for p in after}),
                },
            )
        return direction
