""""What happened next" under each line of a working group's decision log
(its results): blocks that apps above workgroups add (e.g. processes: a
result referred to a citizen dialogue process and its answer), registered
from their AppConfig.ready(), so that workgroups imports none of them.

A block (terreau/blocks.py) has a template and a `context(decisions, group, user)` that returns
{decision pk: the template's context} for the decisions it has something to
say about, in a fixed number of queries whatever their number.
"""

from __future__ import annotations

from terreau.blocks import Block, Registry

__all__ = ["Block", "attach", "register"]

_registry = Registry("Next-steps")
register = _registry.register


def attach(decisions: list, group, user) -> None:
    """Set `decision.next_blocks` = [(template, context)] on each decision."""
    for decision in decisions:
        decision.next_blocks = []
    for block in _registry.blocks():
        contexts = block.context(decisions, group, user)
        for decision in decisions:
            if decision.pk in contexts:
                decision.next_blocks.append((block.template, contexts[decision.pk]))
