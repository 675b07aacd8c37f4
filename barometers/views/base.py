"""What the barometers' pages share: the barometer and wave of the URL."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors
from ..models import Barometer, Wave


class BarometerMixin(PermissionRequiredMixin):
    permission_required = "barometers.view_barometer"

    @property
    def barometer(self) -> Barometer:
        if not hasattr(self, "_barometer"):
            try:
                self._barometer = selectors.barometer_page(self.kwargs["slug"])
            except Barometer.DoesNotExist:
                raise Http404 from None
        return self._barometer

    @property
    def wave(self) -> Wave:
        if not hasattr(self, "_wave"):
            self._wave = get_object_or_404(Wave.objects.select_related("council", "community"),
                                           barometer=self.barometer, pk=self.kwargs["pk"])
            self._wave.barometer = self.barometer
        return self._wave

    def get_permission_object(self):
        return self.barometer

    def is_agent(self) -> bool:
        return self.request.user.has_perm("barometers.manage_barometer", self.barometer)


class AgentMixin(BarometerMixin):
    permission_required = "barometers.manage_barometer"
