"""Draws in public: the report, its published inputs, re-running it to verify."""

from __future__ import annotations

import csv
from itertools import zip_longest

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import View

from .. import selectors, services
from ..forms import (
    SeedForm,
)
from ..models import Draw
from ..services import engine
from ..services.draws import labels_of
from .base import CouncilMixin

# --- Draws in public: the report, its inputs, re-running it ---


class DrawReportView(CouncilMixin, View):
    def get(self, request, slug, pk):
        draw = self.draw()
        labels = labels_of(self.council)
        return render(request, "councils/draw_report.html", {
            "council": self.council, "draw": draw,
            "rows": selectors.draw_report(draw, labels),
            "seed_number": engine.seed_number(draw.seed) if draw.seed else None,
            "seed_form": SeedForm(),
            "probabilities": services.probability_summary(draw),
            "estimating": services.probabilities_pending(draw),
            "replacements": selectors.replacements_of(draw),
        })


class DrawProbabilitiesCsvView(CouncilMixin, View):
    """Each candidate's estimated probability, as the report shows it."""

    def get(self, request, slug, pk):
        draw = self.draw()
        if not draw.probabilities:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.council.slug}-draw-{draw.pk}-probabilities.csv"')
        writer = csv.writer(response)
        writer.writerow(["public_id", "probability", "runs"])
        for public_id, chance in draw.probabilities:
            writer.writerow([public_id, f"{chance:.4f}", draw.probability_runs])
        return response


class DrawInputsView(CouncilMixin, View):
    """The published inputs, as the re-run command reads them."""

    def get(self, request, slug, pk):
        draw = self.draw()
        if draw.status != Draw.Status.DONE:
            raise Http404
        return JsonResponse(inputs_of(draw), json_dumps_params={"ensure_ascii": False,
                                                                 "indent": 1})


def inputs_of(draw: Draw) -> dict:
    return {
        "council": draw.council.slug, "draw": draw.pk, "seats": draw.seats,
        "quotas": draw.quotas, "seed_source": draw.seed_source,
        "announced_at": draw.announced_at.isoformat(), "seed": draw.seed,
        "seed_fixed_at": draw.seed_fixed_at.isoformat() if draw.seed_fixed_at else None,
        "algorithm": draw.algorithm, "pool": draw.pool, "result": draw.result,
    }


class DrawVerifyView(CouncilMixin, View):
    def get(self, request, slug, pk):
        draw = self.draw()
        if draw.status != Draw.Status.DONE:
            raise Http404
        try:
            matches, again = services.draw_verify(draw)
            error = ""
        except ValidationError as refused:
            matches, again, error = False, [], " ".join(refused.messages)
        return render(request, "councils/verify.html", {
            "council": self.council, "draw": draw, "matches": matches, "again": again,
            "error": error, "version": engine.library_version(),
            "pairs": list(zip_longest(draw.result, again, fillvalue="")),
            "same_version": draw.algorithm.startswith(
                f"sortition-algorithms {engine.library_version()},"),
        })
