"""What the councils' pages share: the council of the URL and its permission."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors
from ..models import Council, Draw


class CouncilMixin(PermissionRequiredMixin):
    permission_required = "councils.view_council"

    @property
    def council(self) -> Council:
        if not hasattr(self, "_council"):
            try:
                self._council = selectors.council_page(self.kwargs["slug"])
            except Council.DoesNotExist:
                raise Http404 from None
        return self._council

    def get_permission_object(self):
        return self.council

    def draw(self) -> Draw:
        return get_object_or_404(Draw.objects.select_related("college", "replaces"),
                                 council=self.council, pk=self.kwargs["pk"])


class AgentMixin(CouncilMixin):
    permission_required = "councils.manage_council"
