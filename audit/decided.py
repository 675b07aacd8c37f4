"""Auditing every decision of a request (terreau.decisions)."""

from .actions import Action
from .services import record


def on_decided(request, *, status: str, actor) -> None:
    record(
        Action.REQUEST_DECIDED,
        actor=actor,
        community_id=request.decision_community_id(),
        target=request,
        details={"kind": request._meta.label_lower, "status": status},
    )
