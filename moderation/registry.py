"""What can be reported: each app that owns member-written content registers
its types here, from its AppConfig.ready() (docs/moderation.md).

The queue (models, services, selectors, views) lives in this app, which sits
just above `communities`: it imports no app that owns content. An app above
it (needs, discussions) describes one type of content with a `Reportable`:

- `kind`: the type's name in URLs and rows ("need", "message");
- `model`: its model; `lookup(community, pk)` finds one item of the
  community (None if there is none);
- `permission`: the rules permission, asked on the item, of those who may
  report it — whoever may read it, except its author;
- `community_of`, `author_id_of`, `excerpt`, `url`, `is_hidden`: what the
  queue shows and keeps of the item when it is reported;
- `hide(item, actor, reason)`: the owner's own service that hides it from
  readers (the owner keeps its rules: a hidden message stays in place as
  "hidden by the gardeners", a hidden need leaves the lists).

Registering a kind twice raises ImproperlyConfigured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

Text = str | Promise


@dataclass(frozen=True)
class Reportable:
    kind: str
    label: Text
    model: type
    permission: str
    lookup: Callable[[Any, int], Any]
    community_of: Callable[[Any], Any]
    author_id_of: Callable[[Any], int | None]
    excerpt: Callable[[Any], str]
    url: Callable[[Any], str]
    is_hidden: Callable[[Any], bool]
    hide: Callable[..., Any]


_REGISTRY: dict[str, Reportable] = {}


def register(reportable: Reportable) -> None:
    known = _REGISTRY.get(reportable.kind)
    if known is not None and known != reportable:
        raise ImproperlyConfigured(f"Reportable kind {reportable.kind!r} is registered twice")
    _REGISTRY[reportable.kind] = reportable


def get(kind: str) -> Reportable | None:
    return _REGISTRY.get(kind)


def labels() -> dict[str, Text]:
    return {kind: reportable.label for kind, reportable in _REGISTRY.items()}
