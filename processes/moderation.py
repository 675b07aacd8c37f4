"""Proposals of a process in the moderation queue (moderation/registry.py).

Only a process tied to a community has a queue to report to (the community's
gardeners decide, as for needs); a lead's own "hide" decides the open case too.
"""

from django.utils.translation import gettext_lazy as _

from moderation import registry

from . import services
from .models import Proposal


def _lookup(community, pk):
    return (Proposal.objects.select_related("process__community")
            .filter(process__community=community, pk=pk).first())


def register() -> None:
    registry.register(registry.Reportable(
        kind="process_proposal",
        label=_("a proposal of a citizen dialogue process"),
        model=Proposal,
        permission="processes.report_proposal",
        lookup=_lookup,
        community_of=lambda proposal: proposal.process.community,
        author_id_of=lambda proposal: proposal.author_id,
        excerpt=lambda proposal: f"{proposal.title}\n\n{proposal.text}",
        url=lambda proposal: proposal.get_absolute_url(),
        is_hidden=lambda proposal: proposal.hidden_at is not None,
        hide=lambda proposal, *, actor, reason: services.proposal_hide(
            proposal=proposal, actor=actor, reason=reason, from_queue=True
        ),
    ))
