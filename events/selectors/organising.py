"""Reads for organising events: the invitations' conversion per circle,
members' proposals and their date polls, the event's team."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Sum, When
from django.utils.translation import gettext as _

from communities.models import Circle, Community

from ..models import (
    DatePollAnswer,
    Event,
    EventCoOrganiser,
    EventInvitation,
    EventProposal,
    ProposalDateOption,
    Registration,
)


def invitation_conversion(event: Event) -> list[dict]:
    """Per circle, the members told of the event and how many of them registered
    since (a live registration made at or after the invitation; one made
    before it was not the invitation's doing): "invited 240 · registered 31".
    One query.

    Rows come in circle order, innermost last, then the community's followers
    who are not members (told of an event open to everyone: invitations
    without a circle); circles nobody was told in are left out, so an event
    not yet announced gives [].
    """
    live = Registration.objects.filter(
        event=OuterRef("event"), user=OuterRef("user"), status__in=Registration.LIVE,
        created_at__gte=OuterRef("invited_at"),
    )
    rows = (
        EventInvitation.objects.filter(event=event)
        .values("circle")
        .annotate(
            invited=Count("pk"),
            registered=Sum(
                Case(When(Exists(live), then=1), default=0, output_field=IntegerField())
            ),
        )
        .order_by(F("circle").asc(nulls_last=True))
    )
    return [
        {"circle": Circle(row["circle"]).label if row["circle"] is not None
         else _("followers (not members)"),
         "invited": row["invited"], "registered": row["registered"] or 0}
        for row in rows
    ]


def proposal_for_page(pk: int):
    """The proposal with its community, people and date options: two queries."""
    return (
        EventProposal.objects.select_related("community", "author", "event", "decided_by")
        .prefetch_related("date_options").filter(pk=pk).first()
    )


def poll_results(proposal: EventProposal) -> list[ProposalDateOption]:
    """The proposal's dates, each with `votes` (how many answers chose it): one query."""
    return list(proposal.date_options.annotate(votes=Count("answers")).order_by("starts_at", "pk"))


def poll_answer_count(proposal: EventProposal) -> int:
    return proposal.poll_answers.count()


def poll_choice_of(user, proposal: EventProposal) -> set[int] | None:
    """The ids of the options `user` chose (None: no answer yet): one query."""
    if not user.is_authenticated:
        return None
    answer = (DatePollAnswer.objects.filter(proposal=proposal, person=user)
              .prefetch_related("options").first())
    return None if answer is None else {option.pk for option in answer.options.all()}


def pending_proposals(community: Community) -> list:
    """The proposals waiting for the pair, oldest first: one query."""
    return list(
        EventProposal.objects.filter(community=community, status=EventProposal.Status.PENDING)
        .select_related("author").order_by("created_at", "pk")
    )


def proposals_of(user, community: Community) -> list:
    """The person's own proposals to the community, newest first: one query."""
    if not user.is_authenticated:
        return []
    return list(EventProposal.objects.filter(community=community, author=user)
                .order_by("-created_at", "-pk")[:5])


# --- The event's team (services/team.py) ---------------------------------------------

def team_of(event: Event) -> list[EventCoOrganiser]:
    """The co-organisers, first added first, with their person: one query."""
    return list(event.co_organisers.select_related("person").order_by("added_at", "pk"))


def team_candidates(event: Event) -> list:
    """The engaged members of the event's community who may join its team (not
    the organiser, not already on it), by name: one query."""
    if event.community_id is None:
        return []
    return list(
        get_user_model().objects.filter(
            memberships__community_id=event.community_id, memberships__circle=Circle.ENGAGED,
        ).exclude(pk=event.organiser_id).exclude(co_organised_events__event=event)
        .order_by("display_name", "pk")
    )
