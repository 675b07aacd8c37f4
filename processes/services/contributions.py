"""Contributions: proposals posted online while a contributions phase is
open (those entered after a workshop: services/workshops.py), supports (once per person,
kept by a unique constraint under concurrent clicks), comments and hiding."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from moderation import services as moderation
from notifications.services import notify

from ..models import Comment, Phase, Process, Proposal, Support

TITLE_MAX = 200
TEXT_MAX = 5000


def _text(value: str, *, field: str, limit: int, required: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(required, code="required")})
    if len(value) > limit:
        raise ValidationError({field: ValidationError(
            _("Keep it under %(limit)d characters (this one has %(length)d).")
            % {"limit": limit, "length": len(value)}, code="too_long",
        )})
    return value


def open_contributions_phase(process: Process, now: dt.datetime) -> Phase | None:
    """The contributions phase running at `now`: started, not yet ended
    (a phase ending at 18:00 is closed at 18:00 exactly)."""
    return process.phases.filter(
        kind=Phase.Kind.CONTRIBUTIONS, starts_at__lte=now, ends_at__gt=now
    ).first()


def _check_open(process: Process, now: dt.datetime) -> None:
    if process.state != Process.State.PUBLISHED or open_contributions_phase(process, now) is None:
        raise ValidationError(
            _("Contributions are closed for this process: proposals and supports are taken "
              "during its contributions phase only."), code="closed",
        )


def _category(process: Process, category: str) -> str:
    category = (category or "").strip()
    allowed = process.category_list()
    if category and allowed and category not in allowed:
        raise ValidationError({"category": ValidationError(
            _("Choose a category from the list."), code="bad_category")})
    return category


def _place(latitude, longitude) -> tuple[float | None, float | None]:
    """Both or neither, within the Earth's bounds (−90…90, −180…180)."""
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise ValidationError(_("Give both the latitude and the longitude of the place, "
                                "or neither."), code="half_place")
    if not (-90 <= latitude <= 90) or not (-180 <= longitude <= 180):
        raise ValidationError(_("This place is not on the map: the latitude goes from -90 to "
                                "90, the longitude from -180 to 180."), code="off_map")
    return float(latitude), float(longitude)


def proposal_create(*, process: Process, author, title: str, text: str, category: str = "",
                    latitude: float | None = None, longitude: float | None = None,
                    now: dt.datetime | None = None) -> Proposal:
    """A signed-in person's proposal, only while a contributions phase is
    open; optionally placed on the map."""
    now = now or timezone.now()
    with transaction.atomic():
        _check_open(process, now)
        latitude, longitude = _place(latitude, longitude)
        return Proposal.objects.create(
            latitude=latitude, longitude=longitude,
            process=process, author=author,
            title=_text(title, field="title", limit=TITLE_MAX,
                        required=_("Give your proposal a title.")),
            text=_text(text, field="text", limit=TEXT_MAX,
                       required=_("Say what you propose.")),
            category=_category(process, category),
        )


def _already_supported() -> ValidationError:
    return ValidationError(_("You already support this proposal."), code="already_supported")


def support_add(*, proposal: Proposal, person, now: dt.datetime | None = None) -> Support:
    """`person` backs `proposal`, once. Refused: a hidden proposal, one's own,
    contributions closed, a second support (also when two clicks race: the
    unique constraint answers, the loser is told the same)."""
    now = now or timezone.now()
    with transaction.atomic():
        if proposal.hidden_at is not None:
            raise ValidationError(_("This proposal was hidden; it cannot be supported."),
                                  code="hidden")
        if proposal.author_id == person.pk:
            raise ValidationError(_("You cannot support your own proposal."), code="own_proposal")
        _check_open(proposal.process, now)
        if Support.objects.filter(proposal=proposal, person=person).exists():
            raise _already_supported()
        try:
            with transaction.atomic():
                return Support.objects.create(proposal=proposal, person=person)
        except IntegrityError:  # the same person, twice at once
            raise _already_supported() from None


def comment_add(*, proposal: Proposal, author, text: str) -> Comment:
    with transaction.atomic():
        if proposal.hidden_at is not None:
            raise ValidationError(_("This proposal was hidden; it takes no more comments."),
                                  code="hidden")
        if proposal.process.state != Process.State.PUBLISHED:
            raise ValidationError(_("This process is not published."), code="not_published")
        return Comment.objects.create(
            proposal=proposal, author=author,
            text=_text(text, field="text", limit=2000, required=_("Write your comment.")),
        )


def proposal_hide(*, proposal: Proposal, actor, reason: str, from_queue: bool = False) -> Proposal:
    """Hide a proposal with a reason its author reads on its page. A lead's
    own "hide" decides the proposal's open report in the queue too; a hide
    decided in the queue (from_queue) is told to the author by the queue."""
    with transaction.atomic():
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": ValidationError(
                _("Say why the proposal is hidden: its author will read it."), code="required")})
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.hidden_at is not None:
            raise ValidationError(_("This proposal is already hidden."), code="already_hidden")
        proposal.hidden_at = timezone.now()
        proposal.hidden_reason = reason
        proposal.hidden_by = actor
        proposal.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        audit.record(audit.Action.PROPOSAL_HIDDEN, actor=actor, target=proposal,
                     community_id=proposal.process.community_id,
                     details={"process": proposal.process_id, "from_queue": from_queue})
        if not from_queue:
            moderation.case_close_hidden(kind="process_proposal", item=proposal, actor=actor,
                                         note=reason)
            if proposal.author_id:
                notify([proposal.author], "process_proposal_hidden", actor=actor,
                       url=proposal.get_absolute_url(),
                       data={"proposal": proposal.title, "process": proposal.process.title,
                             "reason": reason})
        return proposal


def proposal_restore(*, proposal: Proposal, actor) -> Proposal:
    """Show a hidden proposal again (a lead's second thought). Refused for a
    proposal that is not hidden."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.hidden_at is None:
            raise ValidationError(_("This proposal is not hidden."), code="not_hidden")
        proposal.hidden_at = None
        proposal.hidden_reason = ""
        proposal.hidden_by = None
        proposal.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        audit.record(audit.Action.PROPOSAL_RESTORED, actor=actor, target=proposal,
                     community_id=proposal.process.community_id,
                     details={"process": proposal.process_id})
        return proposal
