"""What the processes' pages share: the process (or proposal) of the URL and its permission."""

from __future__ import annotations

from django.http import Http404
from rules.contrib.views import PermissionRequiredMixin

from communities.models import Direction

from .. import selectors
from ..models import Process, Proposal


class ProcessMixin(PermissionRequiredMixin):
    permission_required = "processes.view_process"

    @property
    def process(self) -> Process:
        if not hasattr(self, "_process"):
            try:
                self._process = selectors.process_page(self.kwargs["slug"])
            except Process.DoesNotExist:
                raise Http404 from None
        return self._process

    def get_permission_object(self):
        return self.process


class LeadMixin(ProcessMixin):
    permission_required = "processes.manage_process"


class ProposalMixin(ProcessMixin):
    """The object is the proposal; its process is the one of the URL."""

    permission_required = "processes.view_proposal"

    @property
    def proposal(self) -> Proposal:
        if not hasattr(self, "_proposal"):
            try:
                self._proposal = selectors.proposal_page(self.process, self.kwargs["pk"],
                                                         viewer=self.request.user)
            except Proposal.DoesNotExist:
                raise Http404 from None
            self._proposal.process = self.process
        return self._proposal

    def get_permission_object(self):
        return self.proposal


def _directions_for(user):
    return Direction.objects.filter(pk__in=[
        d.pk for d in Direction.objects.all() if user.has_perm("processes.run_processes_of", d)
    ])
