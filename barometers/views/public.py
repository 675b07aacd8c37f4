"""The list of barometers, a barometer's page, the comparison of its waves."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import formats, timezone
from django.views import View

from .. import charts, selectors, services
from .base import BarometerMixin


class BarometerListView(View):
    def get(self, request):
        return render(request, "barometers/barometer_list.html",
                      {"barometers": selectors.barometers_listed()})


class BarometerDetailView(BarometerMixin, View):
    def get(self, request, slug):
        agent = self.is_agent()
        now = timezone.now()
        waves = selectors.waves_of(self.barometer)
        if not agent:
            waves = [w for w in waves if w.launched_at]
        for wave in waves:
            # "Answer" only for those the wave asks (its page refuses the others).
            wave.may_answer = (wave.launched_at is not None and wave.opens_at <= now < wave.closes_at
                               and (agent or services.is_targeted(wave, request.user)))
            wave.takes_paper_now = agent and wave.takes_paper(now)
        return render(request, "barometers/barometer_detail.html", {
            "barometer": self.barometer, "waves": waves, "agent": agent, "now": now,
        })


class CompareView(BarometerMixin, View):
    """A line per indicator across waves, as a chart and as a table."""

    def get(self, request, slug):
        data = selectors.comparison(self.barometer, public=not self.is_agent())
        labels = [w.title for w in data["waves"]]
        lines = [(i.label, i.unit, i.points) for i in data["indicators"]]
        return render(request, "barometers/compare.html", {
            "barometer": self.barometer, "waves": data["waves"],
            "indicators": data["indicators"],
            "charts": charts.wave_charts(labels, lines) if len(labels) > 1 else [],
            "dates": [formats.date_format(timezone.localtime(w.opens_at), "SHORT_DATE_FORMAT")
                      for w in data["waves"]],
        })
