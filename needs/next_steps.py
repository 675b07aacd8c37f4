""""What happened next" on an item's page: blocks that apps above needs add
(e.g. processes: the item referred to a citizen dialogue process and its
answer), registered from their AppConfig.ready(), so that needs imports none
of them (the layers in pyproject.toml).

A block (terreau/blocks.py) has a template and a `context(need, user)`
that returns the template's context, or None to show nothing. It is rendered
inside the item's page with `block` set to that context.
"""

from __future__ import annotations

from terreau.blocks import Block, Registry

__all__ = ["Block", "blocks_for", "register"]

_registry = Registry("Next-steps")
register = _registry.register
blocks_for = _registry.blocks_for
