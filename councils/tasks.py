"""Celery tasks of citizen councils: take ids and plain values, call services."""

from __future__ import annotations

from celery import shared_task


@shared_task
def estimate_probabilities(draw_id: int, runs: int) -> bool:
    """Estimate each candidate's selection probability in a draw (many
    re-runs of it) and keep it on the draw, for its report."""
    from .services.probabilities import probabilities_estimate

    return probabilities_estimate(draw_id=draw_id, runs=runs) is not None
