"""Celery tasks of citizen councils: take ids and plain values, call services."""

from __future__ import annotations

from celery import shared_task


@shared_task
def estimate_probabilities(draw_id: int, runs: int, asked_at: str | None = None) -> bool:
    """Estimate each candidate's selection probability in a draw (many
    re-runs of it) and keep it on the draw, for its report, as the answer to
    the request made at `asked_at` (ISO 8601; absent from a message queued
    before it was sent: the request standing then)."""
    from datetime import datetime

    from .services.probabilities import probabilities_estimate

    asked = datetime.fromisoformat(asked_at) if asked_at else None
    return probabilities_estimate(draw_id=draw_id, runs=runs, asked_at=asked) is not None
