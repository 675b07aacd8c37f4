"""Each candidate's selection probability in a published draw, on its report.

The legacy algorithm gives no probability of its own: the draw is re-run
`runs` times with the seeds "<seed>#0" … "<seed>#<runs-1>"
(engine.selection_probabilities), so anyone can recompute the same figures
from the published inputs. An agent asks for it from the report; a Celery
task runs it after commit (in-process when no broker is configured), since
a pool of thousands takes minutes. The result is kept on the draw by
pseudonymous number, as the pool is published.

Each request is answered by its own task: asked again while a task runs
(with more runs, say), the report waits for the task of the last request,
and a task of an older request that ends later never replaces a newer
result.
"""

from __future__ import annotations

from datetime import datetime
from math import sqrt
from statistics import median

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Draw
from ..tasks import estimate_probabilities
from . import engine

# About ±3 points on each probability (engine.selection_probabilities).
PROBABILITY_RUNS = 1000
# A candidate below this chance is counted apart on the report.
LOW_PROBABILITY = 0.01


def probabilities_request(*, draw: Draw, runs: int | None = None, now=None) -> Draw:
    """Ask for the estimate of a draw that has been run, in `runs` runs
    (PROBABILITY_RUNS, read at the call, when None); the task computes it
    after commit, told which request it answers. Asking again re-runs it
    (same seeds: same figures)."""
    runs = PROBABILITY_RUNS if runs is None else runs
    if runs < 1:
        raise ValidationError(_("The estimate needs at least one run."), code="runs")
    with transaction.atomic():
        draw = Draw.objects.select_for_update().get(pk=draw.pk)
        if draw.status != Draw.Status.DONE:
            raise ValidationError(_("This draw has not been run yet."), code="not_run")
        draw.probabilities_asked_at = now or timezone.now()
        draw.save(update_fields=["probabilities_asked_at"])
        pk, asked = draw.pk, draw.probabilities_asked_at.isoformat()
        transaction.on_commit(lambda: estimate_probabilities.delay(pk, runs, asked), robust=True)
    return draw


def probabilities_estimate(*, draw_id: int, runs: int | None = None, now=None,
                           asked_at: datetime | None = None) -> Draw | None:
    """Re-run the draw `runs` times (PROBABILITY_RUNS when None) from its
    published inputs and keep each candidate's chance on it, as the answer
    to the request made at `asked_at` (when None: the request standing when
    the runs start). The runs happen outside any transaction; a draw deleted
    meanwhile is skipped, and so is a draw whose stored estimate already
    answers a later request (None is returned then)."""
    runs = PROBABILITY_RUNS if runs is None else runs
    draw = Draw.objects.filter(pk=draw_id, status=Draw.Status.DONE).first()
    if draw is None:
        return None
    if asked_at is None:
        asked_at = draw.probabilities_asked_at
    result = engine.selection_probabilities(draw.pool, draw.quotas, draw.seats, draw.seed, runs)
    chances = sorted([public_id, chance] for public_id, chance in result["by_candidate"].items())
    rows = Draw.objects.filter(pk=draw_id)
    if asked_at is not None:
        rows = rows.exclude(probabilities_answer__gt=asked_at)
    with transaction.atomic():
        updated = rows.update(
            probabilities=chances, probability_runs=runs,
            probabilities_at=now or timezone.now(), probabilities_answer=asked_at,
        )
    return Draw.objects.get(pk=draw_id) if updated else None


def probability_summary(draw: Draw) -> dict | None:
    """What the report shows of a stored estimate, in percent: min, median,
    max, the uniform chance (seats / pool) to compare with, how many
    candidates fall below LOW_PROBABILITY, and each candidate's; None before
    any estimate."""
    if not draw.probabilities:
        return None
    chances = [chance for _public_id, chance in draw.probabilities]
    drawn = set(draw.result)
    return {
        "runs": draw.probability_runs, "at": draw.probabilities_at,
        "count": len(chances),
        # Twice the standard error at p = ½: the widest 95 % margin, in points.
        "margin": 100 / sqrt(draw.probability_runs or 1),
        # Percentages, as the page prints them.
        "min": 100 * min(chances), "median": 100 * median(chances),
        "max": 100 * max(chances), "uniform": 100 * draw.seats / len(chances),
        "low": sum(1 for chance in chances if chance < LOW_PROBABILITY),
        "low_percent": 100 * LOW_PROBABILITY,
        "rows": [{"public_id": public_id, "percent": 100 * chance, "drawn": public_id in drawn}
                 for public_id, chance in draw.probabilities],
    }


def probabilities_pending(draw: Draw) -> bool:
    """Whether the last estimate asked for is not stored yet (an estimate
    answering an earlier request does not count)."""
    asked, answered = draw.probabilities_asked_at, draw.probabilities_answer
    return asked is not None and (answered is None or asked > answered)
