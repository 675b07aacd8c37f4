"""Process leads: granted and removed per direction by the cultivator or staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.views import add_form_errors

from .. import selectors, services
from ..forms import (
    LeadGrantForm,
)
from ..models import ProcessLead

# --- Process leads -----------------------------------------------------------------------


class LeadsView(PermissionRequiredMixin, View):
    """The cultivator (or staff) makes a direction's agent its process lead."""

    permission_required = "processes.grant_process_lead"

    def _render(self, request, form, status=200):
        return render(request, "processes/leads.html", {
            "leads": selectors.process_leads(), "form": form}, status=status)

    def get(self, request):
        return self._render(request, LeadGrantForm(pairs=selectors.agents_without_lead_role()))

    def post(self, request):
        form = LeadGrantForm(request.POST, pairs=selectors.agents_without_lead_role())
        if form.is_valid():
            direction, person = form.chosen()
            try:
                services.process_lead_grant(direction=direction, person=person,
                                            actor=request.user)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("%(person)s now leads the processes of "
                                            "%(direction)s.") % {
                    "person": person.display_name, "direction": direction.name})
                return redirect("processes:leads")
        return self._render(request, form, status=400)


class LeadRevokeView(PermissionRequiredMixin, View):
    permission_required = "processes.grant_process_lead"

    def post(self, request, pk):
        lead = get_object_or_404(ProcessLead.objects.select_related("direction", "person"),
                                 pk=pk)
        services.process_lead_revoke(direction=lead.direction, person=lead.person,
                                     actor=request.user)
        messages.success(request, _("%(person)s no longer leads the processes of "
                                    "%(direction)s.") % {
            "person": lead.person.display_name, "direction": lead.direction.name})
        return redirect("processes:leads")
