"""Topic proposals waiting for the pair's decision, on the dashboard
(communities/waiting.py). One query."""

from __future__ import annotations

from django.utils.translation import gettext as _

from communities import waiting
from roles.filters import gardened_by

from . import kinds
from .models import TopicProposal


def proposals_to_decide(user) -> list[waiting.Item]:
    proposals = (
        TopicProposal.objects.filter(gardened_by(user, field="community"),
                                     status=TopicProposal.Status.PENDING)
        .select_related("community").order_by("created_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(text=_("Open or decline the topic “%(name)s”") % {"name": p.name},
                     url=p.get_absolute_url(), community=p.community.name)
        for p in proposals
    ]


def register() -> None:
    waiting.register(waiting.Source("topic_proposals", (kinds.PROPOSED,), proposals_to_decide))
