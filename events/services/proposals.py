"""Members propose events; the community's pair decides (events/models/proposals.py).

The pair is told of each proposal (and of each one sent again after changes);
the author is told of each decision with the pair's answer. Accepting creates
the event with the author as its organiser and publishes it, which announces
it to its circles (announcing.py) in the same transaction.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities.models import Circle, Community
from notifications import services as notifications
from roles import selectors as pairs
from roles.predicates import circle_of
from terreau.decisions import decide

from .. import kinds
from ..models import Event, EventProposal, ProposalDateOption
from .events import event_create, event_publish
from .poll import tell_poll_audience

MAX_DATE_OPTIONS = 5
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

ACCEPT, CHANGES, DECLINE = "accept", "changes", "decline"
_STATUS = {
    ACCEPT: EventProposal.Status.ACCEPTED,
    CHANGES: EventProposal.Status.CHANGES_REQUESTED,
    DECLINE: EventProposal.Status.DECLINED,
}


def _check_dates(starts_at: datetime, other_dates: Sequence[datetime]) -> list[datetime]:
    """The poll's options: the proposal's start and the other dates offered
    (none: no poll). 2 to 5 dates, none in the past (now is already past),
    none twice."""
    if not other_dates:
        return []
    options = [starts_at, *other_dates]
    now = timezone.now()
    if len(options) > MAX_DATE_OPTIONS:
        _refuse("other_dates", _("Offer at most %(count)d dates in all.")
                % {"count": MAX_DATE_OPTIONS}, "too_many_dates")
    for moment in options:
        if moment <= now:
            _refuse("other_dates", _("The date %(date)s is in the past: offer only dates to come.")
                    % {"date": _when_paris(moment)}, "date_in_past")
    if len(set(options)) != len(options):
        _refuse("other_dates", _("The same date is offered twice."), "date_twice")
    return sorted(options)


def _refuse(field: str, message: str, code: str):
    """A refusal attached to a field of the form, with its code."""
    raise ValidationError({field: ValidationError(message, code=code)})


def _when_paris(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment, PARIS), "DATETIME_FORMAT")


def _check(*, title, description, starts_at, ends_at, address, circle) -> dict:
    errors = {}
    if not title.strip():
        errors["title"] = ValidationError(_("Give the event a title."), code="required")
    if not description.strip():
        errors["description"] = ValidationError(
            _("Say in a few words what the event is about."), code="required")
    if not address.strip():
        errors["address"] = ValidationError(
            _("Say where the event would take place."), code="required")
    if starts_at <= timezone.now():
        errors["starts_at"] = ValidationError(
            _("The date proposed is in the past: choose a date to come."), code="in_the_past")
    elif ends_at <= starts_at:
        errors["ends_at"] = ValidationError(
            _("The event must end after it starts."), code="end_before_start")
    if circle is not None and circle not in Circle.values:
        errors["circle"] = ValidationError(_("Choose among the three circles."),
                                           code="bad_circle")
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


def event_propose(
    *, author, community: Community, title: str, description: str, starts_at: datetime,
    ends_at: datetime, address: str, circle: int | None = None,
    other_dates: Sequence[datetime] = (),
) -> EventProposal:
    """An engaged member proposes an event to the pair; the pair is told.

    With `other_dates`, the proposal carries a date poll (its start and these,
    2 to 5 in all): the members it is for are asked which dates suit them.
    """
    with transaction.atomic():
        if circle_of(author, community) != Circle.ENGAGED:
            raise ValidationError(
                _("Only members of the engaged circle propose events to their community."),
                code="not_engaged",
            )
        fields = _check(title=title, description=description, starts_at=starts_at,
                        ends_at=ends_at, address=address, circle=circle)
        dates = _check_dates(fields["starts_at"], other_dates)
        proposal = EventProposal.objects.create(community=community, author=author, **fields)
        if dates:
            ProposalDateOption.objects.bulk_create(
                [ProposalDateOption(proposal=proposal, starts_at=moment) for moment in dates]
            )
            tell_poll_audience(proposal, actor=author)
        _tell_pair(proposal, actor=author)
        return proposal


def event_proposal_resubmit(
    *, proposal: EventProposal, author, title: str, description: str, starts_at: datetime,
    ends_at: datetime, address: str, circle: int | None = None,
    other_dates: Sequence[datetime] = (),
) -> EventProposal:
    """The author sends the proposal again after the pair asked for changes.

    When the dates offered change, the poll starts again (its answers were
    about other dates) and its members are asked again.
    """
    with transaction.atomic():
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
        dates = _check_dates(fields["starts_at"], other_dates)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.status = EventProposal.Status.PENDING
        locked.save()
        if dates != [option.starts_at for option in locked.date_options.all()]:
            locked.poll_answers.all().delete()
            locked.date_options.all().delete()
            ProposalDateOption.objects.bulk_create(
                [ProposalDateOption(proposal=locked, starts_at=moment) for moment in dates]
            )
            if dates:
                tell_poll_audience(locked, actor=author)
        _tell_pair(locked, actor=author)
        return locked


def _as_id(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def event_proposal_decide(
    *, proposal: EventProposal, actor, decision: str, answer: str = "",
    date_option: int | None = None,
) -> EventProposal:
    """Accept (the event is created and published), ask for changes or decline.

    A proposal with a date poll is accepted at one of its dates (`date_option`,
    the option's id), which the pair picks with the poll's counts in view; the
    event lasts as long as the proposal.

    Asking for changes and declining need an answer: the author reads why.
    A proposal already decided, or whose date has passed when accepted, is
    refused and nothing changes.
    """
    with transaction.atomic():
        if decision not in _STATUS:
            raise ValidationError(_("Choose a decision."), code="bad_decision")
        answer = answer.strip()
        if decision != ACCEPT and not answer:
            raise ValidationError({"answer": ValidationError(
                _("Say why, so that the author knows what to do."), code="no_answer")})
        starts_at, ends_at = proposal.starts_at, proposal.ends_at
        options = {option.pk: option for option in proposal.date_options.all()}
        if decision == ACCEPT and options:
            chosen = options.get(_as_id(date_option))
            if chosen is None:
                _refuse("date_option",
                        _("Choose the date of the event among the dates of the poll."), "no_date")
            if chosen.starts_at <= timezone.now():
                _refuse("date_option", _("This date has passed: choose a date to come."),
                        "date_in_past")
            starts_at, ends_at = chosen.starts_at, chosen.starts_at + (ends_at - starts_at)
        decide(proposal, status=_STATUS[decision], actor=actor, answer=answer)
        if decision == ACCEPT:
            event = event_create(
                organiser=proposal.author, community=proposal.community, title=proposal.title,
                description=proposal.description, starts_at=starts_at,
                ends_at=ends_at, address=proposal.address,
                audience=(Event.Audience.PUBLIC if proposal.circle is None
                          else Event.Audience.CIRCLES),
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
