"""What waits for a person in the events app, for their dashboard
(communities/waiting.py): date polls to answer, members' proposals for the
pair to decide, one's own proposal sent back for changes. One query each."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from communities import waiting
from roles.filters import gardened_by, member_of, within_circles_of

from . import kinds
from .models import DatePollAnswer, EventProposal, ProposalDateOption

OPEN = (EventProposal.Status.PENDING, EventProposal.Status.CHANGES_REQUESTED)


def _item(proposal: EventProposal, text: str) -> waiting.Item:
    return waiting.Item(text=text % {"title": proposal.title},
                        url=proposal.get_absolute_url(), community=proposal.community.name)


def date_polls(user) -> list[waiting.Item]:
    """Open proposals with a poll for a circle the person is in, not answered yet."""
    for_me = (Q(circle__isnull=True) & member_of(user, field="community")) | within_circles_of(
        user, field="community", circle="circle")
    proposals = (
        EventProposal.objects.filter(for_me, status__in=OPEN)
        .filter(Exists(ProposalDateOption.objects.filter(proposal=OuterRef("pk"))))
        .exclude(Exists(DatePollAnswer.objects.filter(proposal=OuterRef("pk"), person=user)))
        .select_related("community").order_by("created_at", "pk")[:waiting.LIMIT]
    )
    return [_item(p, _("Say which dates suit you for “%(title)s”")) for p in proposals]


def proposals_to_decide(user) -> list[waiting.Item]:
    proposals = (
        EventProposal.objects.filter(gardened_by(user, field="community"),
                                     status=EventProposal.Status.PENDING)
        .select_related("community").order_by("created_at", "pk")[:waiting.LIMIT]
    )
    return [_item(p, _("Decide on the event proposal “%(title)s”")) for p in proposals]


def proposals_to_revise(user) -> list[waiting.Item]:
    proposals = (
        EventProposal.objects.filter(author=user, status=EventProposal.Status.CHANGES_REQUESTED)
        .select_related("community").order_by("created_at", "pk")[:waiting.LIMIT]
    )
    return [_item(p, _("The gardeners ask for changes to your proposal “%(title)s”"))
            for p in proposals]


def register() -> None:
    waiting.register(
        waiting.Source("event_date_polls", (kinds.DATE_POLL,), date_polls),
        waiting.Source("event_proposals", (kinds.PROPOSED,), proposals_to_decide),
        waiting.Source("event_proposals_sent_back", (kinds.PROPOSAL_DECIDED,),
                       proposals_to_revise),
    )
