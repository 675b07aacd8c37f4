"""Blocks that higher apps add to a lower app's page, registered from their
AppConfig.ready(), so that the lower app imports none of them (the layers in
pyproject.toml): "What this event belongs to" on an event
(events/related.py), "What happened next" on a need (needs/next_steps.py) and under a working
group's results (workgroups/next_steps.py, whose blocks answer for a whole
page of results at once).

A block has a template and a `context(obj, user)` that returns the
template's context, or None to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Block:
    key: str
    template: str
    context: Callable[[Any, Any], dict | None]


class Registry:
    """One page's blocks, in the order they were registered."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._blocks: dict[str, Block] = {}

    def register(self, block: Block) -> None:
        known = self._blocks.get(block.key)
        if known is not None and known != block:
            raise ImproperlyConfigured(f"{self.name} block {block.key!r} is registered twice")
        self._blocks[block.key] = block

    def blocks(self) -> list[Block]:
        return list(self._blocks.values())

    def blocks_for(self, obj, user) -> list[tuple[str, dict]]:
        """(template, context) of every block with something to show."""
        shown = []
        for block in self.blocks():
            context = block.context(obj, user)
            if context is not None:
                shown.append((block.template, context))
        return shown
