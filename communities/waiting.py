"""“Waiting for you”: what someone is asked to do, on their dashboard.

Every e-mail that invites a person to act (write in a letter, revise a
section, answer a date poll, answer a member's request, decide a proposal)
has its in-app twin: the notification's line links to the page where the
action is (docs/notifications.md). The dashboard ("My communities",
`/communities/mine/`) adds the list of what still waits, however the person
was told, and empties as they act: a notification read and forgotten still
leaves the action here.

Each app that asks people to act registers a `Source` from its
`AppConfig.ready()` (its `waiting.py`), so that communities imports none of
them (the layers in pyproject.toml):

- `key`: stable, unique;
- `kinds`: the notification kinds whose action it lists (a kind declared
  with an `action` must be listed by a source: tests/notifications/
  test_actions.py);
- `items(user)`: the person's items, read through the app's selectors with a
  fixed number of queries (one, most often) whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F
from django.utils.functional import Promise

from roles.filters import gardened_by

Text = str | Promise


@dataclass(frozen=True)
class Item:
    """One thing waiting for the person: what to do, where, in which community."""

    text: Text
    url: str
    community: str = ""
    count: int = 1


@dataclass(frozen=True)
class Source:
    key: str
    kinds: tuple[str, ...]
    items: Callable[[Any], list[Item]]


_sources: dict[str, Source] = {}


def register(*sources: Source) -> None:
    for source in sources:
        known = _sources.get(source.key)
        if known is not None and known != source:
            raise ImproperlyConfigured(f"Waiting source {source.key!r} is registered twice")
        _sources[source.key] = source


def sources() -> dict[str, Source]:
    return dict(_sources)


def kinds_listed() -> set[str]:
    """The notification kinds whose action some source lists."""
    return {kind for source in _sources.values() for kind in source.kinds}


def waiting_for(user) -> list[Item]:
    """Everything waiting for `user`, source by source (registration order)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Item] = []
    for source in _sources.values():
        found.extend(source.items(user))
    return found


# --- Helpers for the sources ------------------------------------------------------------

# At most this many items per source: the dashboard points the way, the
# app's own page lists the rest.
LIMIT = 10


def per_community(queryset, *, field: str = "community") -> list[dict]:
    """One query: {slug, name, count} per community of `queryset`'s rows
    (`field` leads to the community), alphabetically."""
    return list(
        queryset.order_by()
        .values(slug=F(f"{field}__slug"), name=F(f"{field}__name"))
        .annotate(count=Count("pk"))
        .order_by("name")[:LIMIT]
    )


# --- The communities app's own source: circle requests to answer -------------------------


def _circle_requests(user) -> list[Item]:
    from django.urls import reverse
    from django.utils.translation import ngettext

    from .models import CircleRequest

    rows = per_community(
        CircleRequest.objects.filter(gardened_by(user, field="community"),
                                     status=CircleRequest.Status.PENDING)
    )
    return [
        Item(
            text=ngettext("Answer %(count)s request to change circle",
                          "Answer %(count)s requests to change circle", row["count"])
            % {"count": row["count"]},
            url=reverse("communities:requests", kwargs={"slug": row["slug"]}),
            community=row["name"], count=row["count"],
        )
        for row in rows
    ]


def register_own() -> None:
    register(Source("circle_requests", ("circle_request_received",), _circle_requests))
