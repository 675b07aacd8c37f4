"""Members propose events; the community's pair decides (events/models/proposals.py).

The pair is told of each proposal (and of each one sent again after changes);
the author is told of each decision with the pair's answer. Accepting creates
the event with the author as its organiser and publishes it, which announces
it to its circles (announcing.py) in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Circle, Community
from notifications import services as notifications
from roles import selectors as pairs
from roles.predicates import circle_of
from terreau.decisions import decide

from .. import kinds
from ..models import Event, EventProposal
from .events import event_create, event_publish

ACCEPT, CHANGES, DECLINE = "accept", "changes", "decline"
_STATUS = {
    ACCEPT: EventProposal.Status.ACCEPTED,
    CHANGES: EventProposal.Status.CHANGES_REQUESTED,
    DECLINE: EventProposal.Status.DECLINED,
}


def _check(*, title, description, starts_at, ends_at, address, circle) -> dict:
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the event a title.")
    if not description.strip():
        errors["description"] = _("Say in a few words what the event is about.")
    if not address.strip():
        errors["address"] = _("Say where the event would take place.")
    if starts_at <= timezone.now():
        errors["starts_at"] = _("The date proposed is in the past: choose a date to come.")
    elif ends_at <= starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if circle is not None and circle not in Circle.values:
        errors["circle"] = _("Choose among the three circles.")
    if errors:
        raise ValidationError(errors)
    return {"title": title.strip(), "description": description.strip(),
            "starts_at": starts_at, "ends_at": ends_at, "address": address.strip(),
            "circle": circle}


def _tell_pair(proposal: EventProposal, *, actor) -> None:
    notifications.notify(
        pairs.gardeners_of(proposal.community), kinds.PROPOSED, actor=actor,
        community=proposal.community, url=proposal.get_absolute_url(),
        data={"title": proposal.title},
    )


@transaction.atomic
def event_propose(
    *, author, community: Community, title: str, description: str, starts_at: datetime,
    ends_at: datetime, address: str, circle: int | None = None,
) -> EventProposal:
    """An engaged member proposes an event to the pair; the pair is told."""
    if circle_of(author, community) != Circle.ENGAGED:
        raise ValidationError(
            _("Only members of the engaged circle propose events to their community."),
            code="not_engaged",
        )
    fields = _check(title=title, description=description, starts_at=starts_at,
                    ends_at=ends_at, address=address, circle=circle)
    proposal = EventProposal.objects.create(community=community, author=author, **fields)
    _tell_pair(proposal, actor=author)
    return proposal


@transaction.atomic
def event_proposal_resubmit(
    *, proposal: EventProposal, author, title: str, description: str, starts_at: datetime,
    ends_at: datetime, address: str, circle: int | None = None,
) -> EventProposal:
    """The author sends the proposal again after the pair asked for changes."""
    locked = EventProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.author_id != author.pk:
        raise ValidationError(_("Only the author changes a proposal."), code="not_author")
    if locked.status != EventProposal.Status.CHANGES_REQUESTED:
        raise ValidationError(
            _("The gardeners did not ask for changes: the proposal cannot be sent again."),
            code="no_changes_asked",
        )
    fields = _check(title=title, description=description, starts_at=starts_at,
                    ends_at=ends_at, address=address, circle=circle)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.status = EventProposal.Status.PENDING
    locked.save()
    _tell_pair(locked, actor=author)
    return locked


@transaction.atomic
def event_proposal_decide(
    *, proposal: EventProposal, actor, decision: str, answer: str = ""
) -> EventProposal:
    """Accept (the event is created and published), ask for changes or decline.

    Asking for changes and declining need an answer: the author reads why.
    A proposal already decided, or whose date has passed when accepted, is
    refused and nothing changes.
    """
    if decision not in _STATUS:
        raise ValidationError(_("Choose a decision."), code="bad_decision")
    answer = answer.strip()
    if decision != ACCEPT and not answer:
        raise ValidationError(
            {"answer": _("Say why, so that the author knows what to do.")}, code="no_answer"
        )
    decide(proposal, status=_STATUS[decision], actor=actor, answer=answer)
    if decision == ACCEPT:
        event = event_create(
            organiser=proposal.author, community=proposal.community, title=proposal.title,
            description=proposal.description, starts_at=proposal.starts_at,
            ends_at=proposal.ends_at, address=proposal.address,
            audience=Event.Audience.PUBLIC if proposal.circle is None else Event.Audience.CIRCLES,
            circles=[] if proposal.circle is None else [proposal.circle],
        )
        proposal.event = event_publish(event=event, actor=actor)
        proposal.save(update_fields=["event", "updated_at"])
    notifications.notify(
        [proposal.author], kinds.PROPOSAL_DECIDED, actor=actor, community=proposal.community,
        url=(proposal.event.get_absolute_url() if proposal.event_id
             else proposal.get_absolute_url()),
        data={"title": proposal.title, "status": proposal.status, "answer": answer},
    )
    return proposal
