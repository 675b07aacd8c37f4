"""A page's address (slug) for a new row: its name made into a slug, or the
first "name-2", "name-3"... that no other row of its kind has taken.

Reading which slugs are taken and writing the row are two statements: two
people creating "Jardins partagés" at the same moment both read that
`jardins-partages` is free, and the unique index refuses the second write.
`save_under_free_slug` saves in a savepoint and, when the index refused
the slug, reads again and takes the next one, so the second creator gets
`jardins-partages-2` instead of a server error; when the name itself must
be unique (a community's), the second is told the name is taken. Used by
communities, directions, working groups, organisations, calls and
processes."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.text import slugify

# Enough for any real rush on one name; each attempt is one read and one write.
ATTEMPTS = 5


def free_slug(queryset: QuerySet, name: str, *, max_length: int, fallback: str,
              reserved: Collection[str] = ()) -> str:
    """The slug of `name` (cut to `max_length`; `fallback` when nothing is
    left of it), or the first "-2", "-3"... of it that neither a row of
    `queryset` nor `reserved` holds. One query."""
    base = slugify(name)[:max_length].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken or slug in reserved:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_under_free_slug(instance: Model, name: str, *, queryset: QuerySet,
                         max_length: int, fallback: str, reserved: Collection[str] = (),
                         save: Callable[[], None] | None = None) -> Model:
    """Give `instance` a free slug of `name` and save it (`save`, or
    `instance.save`). When another transaction took that slug in between,
    take the next free one. When it took another unique value (a name),
    the ValidationError that `full_clean` would now give is raised; any
    other refusal of the database is raised as it is."""
    for _attempt in range(ATTEMPTS):
        instance.slug = free_slug(queryset, name, max_length=max_length, fallback=fallback,
                                  reserved=reserved)
        try:
            with transaction.atomic():
                (save or instance.save)()
            return instance
        except IntegrityError:
            if not queryset.filter(slug=instance.slug).exists():
                # Another unique value taken in between (a community's name):
                # the model says it in words, as a form would have.
                instance.validate_unique()
                raise
    raise IntegrityError(f"No free slug for {name!r} in {ATTEMPTS} attempts")
