"""Reads of topic proposals."""

from __future__ import annotations

from .models import TopicProposal


def proposal_for_page(pk: int, community) -> TopicProposal | None:
    return (TopicProposal.objects.select_related("community", "author", "channel")
            .filter(pk=pk, community=community).first())


def pending_proposals(community) -> list[TopicProposal]:
    """The proposals waiting for the pair, oldest first: one query."""
    return list(TopicProposal.objects.filter(community=community,
                                             status=TopicProposal.Status.PENDING)
                .select_related("author").order_by("created_at", "pk"))


def proposals_of(user, community) -> list[TopicProposal]:
    """The person's own proposals to the community, newest first: one query."""
    if not user.is_authenticated:
        return []
    return list(TopicProposal.objects.filter(community=community, author=user)
                .select_related("channel").order_by("-created_at", "-pk")[:5])
