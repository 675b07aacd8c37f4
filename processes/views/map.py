"""The map of a process's placed proposals (issue #17, item 3), drawn the way
the directory's map is: vendored Leaflet, the data as a JSON island read by
the shared design/map.js (no inline script, no CDN); the list stays the text
view."""

from __future__ import annotations

from django.shortcuts import render
from django.views import View

from terreau import maps

from .. import selectors
from .base import ProcessMixin


def map_config(markers: list[dict], *, pick: bool = False) -> dict:
    """A process's map: proposals named, their category in the popup, which
    links to them; a picked place to five decimals (about a metre)."""
    return maps.map_config(markers, details=("category",), pick=pick)


class ProposalMapView(ProcessMixin, View):
    def get(self, request, slug):
        # A plain GET form (works without JavaScript); an unknown category shows all.
        category = request.GET.get("category", "")
        if category not in self.process.category_list():
            category = ""
        markers = selectors.proposals_on_map(self.process, category=category)
        return render(request, "processes/proposal_map.html", {
            "process": self.process, "markers": markers, "map_config": map_config(markers),
            "category": category,
        })
