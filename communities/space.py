"""The community space: the panels of a community's home, from every app.

A community has one home, `/communities/<slug>/`. Beside what the
communities app says itself (the circles, the gardeners, one's own place),
every app that has something to show about one community contributes a
`Panel` from its `AppConfig.ready()` (in its own `panels.py`):

- `key`: the panel's anchor on the home (`/communities/<slug>/#needs`) and
  its entry in the skip list at the top;
- `label`: its heading (an `<h2>` the home renders, not the panel);
- `order`: its place on the home, smallest first;
- `permission`: the rules permission asked on the community; someone who
  may not see the panel gets neither the panel nor its entry in the skip
  list, and its context function is not called;
- `template`: rendered inside the panel's section with the context function's
  dictionary added to the home's context (`community`, `request`, `user`);
- `context(community, user)`: reads through the app's own selectors, with a
  fixed number of queries whatever the number of rows; returns None to hide
  the panel (a story that is not written yet).

The registry lives here, in the lowest app of the space, so that needs,
workgroups, directory, discussions, events, newsletters and cms register
without communities importing any of them (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

Text = str | Promise


@dataclass(frozen=True)
class Panel:
    """One app's part of a community's home."""

    key: str
    label: Text
    order: int
    template: str
    context: Callable[[Any, Any], dict | None]
    permission: str = "communities.view_community"


@dataclass(frozen=True)
class ShownPanel:
    """A panel as one person sees it: the panel and its context."""

    panel: Panel
    context: dict

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def label(self) -> Text:
        return self.panel.label


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add an app's panel; a key registered twice is a mistake (two apps, or
    one app's ready() twice) and refused, like every registry of hooks."""
    if panel.key in _panels:
        raise ImproperlyConfigured(f"A panel {panel.key!r} is already registered.")
    _panels[panel.key] = panel


def panels() -> list[Panel]:
    """Every registered panel, in the home's order."""
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def visible_panels(*, community, user) -> list[ShownPanel]:
    """The panels this person may see on this community's home, with their context."""
    shown = []
    for panel in panels():
        if not user.has_perm(panel.permission, community):
            continue
        context = panel.context(community, user)
        if context is not None:
            shown.append(ShownPanel(panel=panel, context=context))
    return shown
