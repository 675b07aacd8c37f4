"""What processes plugs into the events' pages (issue #17, item 3),
registered from ProcessesConfig.ready(): on an event held as a workshop of a
citizen dialogue process, a link back to the process (events/related.py)."""

from __future__ import annotations

from events import related

from .models import Process, Workshop

TEMPLATE = "processes/workshops/_event_block.html"


def _event_block(event, user) -> dict | None:
    """The processes this event is a workshop of, that the reader may see (1 query)."""
    workshops = (Workshop.objects.filter(event=event).select_related("process")
                 .only("id", "process__id", "process__title", "process__slug",
                       "process__state", "process__direction_id"))
    processes = [w.process for w in workshops
                 if w.process.state == Process.State.PUBLISHED
                 or user.has_perm("processes.view_process", w.process)]
    return {"processes": processes} if processes else None


def register() -> None:
    related.register(related.Block("processes.workshops", TEMPLATE, _event_block))
