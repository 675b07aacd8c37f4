""""What this event belongs to" on an event's page: blocks that apps above
events add (e.g. processes: the citizen dialogue process the event is a
workshop of), registered from their AppConfig.ready(), so that events
imports none of them (the layers in pyproject.toml).

A block (terreau/blocks.py) has a template and a `context(event, user)`
that returns the template's context, or None to show nothing. It is rendered
inside the event's page with `block` set to that context.
"""

from __future__ import annotations

from terreau.blocks import Block, Registry

__all__ = ["Block", "blocks_for", "register"]

_registry = Registry("Event")
register = _registry.register
blocks_for = _registry.blocks_for
