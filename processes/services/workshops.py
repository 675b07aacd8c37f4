"""In-person workshops (issue #17, item 3): events of the events app linked
to the process, the facilitators the lead names, and the contributions a
facilitator enters after a workshop, with their source (the event and how
many took part)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import audit
from events import services as events
from events.models import Event
from notifications.services import notify
from roles.cache import forget

from ..models import Facilitator, Process, Proposal, Workshop
from ..selectors import workshop_audience_q
from .contributions import TEXT_MAX, TITLE_MAX, _category, _text


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise ValidationError(_("You are not allowed to do this for this process."),
                              code="forbidden")


def workshop_link(*, process: Process, actor, event: Event) -> Workshop:
    """Hold an existing event as one of the process's workshops. Refused: a
    cancelled event, and one already linked."""
    with transaction.atomic():
        _refuse_unless(actor.has_perm("processes.manage_workshops", process))
        if event.state == Event.State.CANCELLED:
            raise ValidationError({"event": ValidationError(
                _("This event is cancelled: it cannot be one of the process's workshops."),
                code="cancelled")})
        if not Event.objects.filter(workshop_audience_q(process), pk=event.pk).exists():
            raise ValidationError({"event": ValidationError(
                _("This event is not open to citizens: a process's workshops are shown to "
                  "everyone, so only an event open to everyone, or to the citizens of the "
                  "process's community, can be one."),
                code="not_open")})
        workshop, created = Workshop.objects.get_or_create(
            process=process, event=event, defaults={"linked_by": actor})
        if not created:
            raise ValidationError({"event": ValidationError(
                _("This event is already one of the process's workshops."), code="already_linked")})
        return workshop


def workshop_create(*, process: Process, actor, title: str, starts_at: dt.datetime,
                    ends_at: dt.datetime, address: str, description: str = "") -> Workshop:
    """A new in-person event of the process's community (a site-wide one
    when it has none), published, and linked as a workshop. The events app
    refuses what it refuses (a past start, an end before the start, no
    address)."""
    with transaction.atomic():
        _refuse_unless(actor.has_perm("processes.manage_workshops", process))
        title = (title or "").strip()
        if not title:
            raise ValidationError({"title": ValidationError(_("Give the workshop a title."),
                                                            code="required")})
        description = (description or "").strip() or _(
            "A workshop of the citizen dialogue process “%(process)s”."
        ) % {"process": process.title}
        event = events.event_create(
            organiser=actor, community=process.community, title=title, description=description,
            starts_at=starts_at, ends_at=ends_at, address=address or "",
        )
        event = events.event_publish(event=event, actor=actor)
        return Workshop.objects.create(process=process, event=event, linked_by=actor)


# --- Facilitators ---------------------------------------------------------------------


def facilitator_grant(*, process: Process, actor, person) -> Facilitator:
    """Name `person` facilitator of the process's workshops; refused twice."""
    with transaction.atomic():
        _refuse_unless(actor.has_perm("processes.manage_workshops", process))
        facilitator, created = Facilitator.objects.get_or_create(
            process=process, person=person, defaults={"granted_by": actor})
        if not created:
            raise ValidationError(_("This person already facilitates this process's workshops."),
                                  code="already_facilitator")
        forget(person)
        audit.record(audit.Action.FACILITATOR_GRANTED, actor=actor, target=person,
                     community_id=process.community_id, details={"process": process.pk})
        # The line leads to where a facilitator enters a workshop's contributions.
        notify([person], "process_facilitator_named", actor=actor, community=process.community,
               url=reverse("processes:workshop", kwargs={"slug": process.slug}),
               data={"process": process.title})
        return facilitator


def facilitator_revoke(*, facilitator: Facilitator, actor) -> None:
    with transaction.atomic():
        _refuse_unless(actor.has_perm("processes.manage_workshops", facilitator.process))
        person, process = facilitator.person, facilitator.process
        facilitator.delete()
        forget(person)
        audit.record(audit.Action.FACILITATOR_REVOKED, actor=actor, target=person,
                     community_id=process.community_id, details={"process": process.pk})


# --- Contributions entered after a workshop ------------------------------------------


def source_label_for(event: Event, participants: int) -> str:
    """“Workshop of 12 March, 23 participants”, in the day of the event's time zone."""
    day = date_format(timezone.localtime(event.starts_at, event.tz), "j F")
    return ngettext("Workshop of %(day)s, %(count)d participant",
                    "Workshop of %(day)s, %(count)d participants",
                    participants) % {"day": day, "count": participants}


def workshop_contribution_create(*, process: Process, actor, title: str, text: str,
                                 event: Event | None = None, participants: int | None = None,
                                 source_label: str = "", category: str = "",
                                 now: dt.datetime | None = None) -> Proposal:
    """A contribution made in person, entered after the workshop by one of
    its facilitators (or a manager), with its source.

    With `event`: one of the process's workshops, which has ended
    (`now` ≥ its end), and how many took part (at least 1); the source
    label is written from them. Without (the earlier free form, kept for
    workshops held outside the events app): `source_label` is required.
    Refused to anyone else, and before the process is published."""
    with transaction.atomic():
        now = now or timezone.now()
        if process.state != Process.State.PUBLISHED:
            raise ValidationError(_("Publish the process before entering contributions."),
                                  code="not_published")
        _refuse_unless(actor.has_perm("processes.facilitate_workshops", process))
        if event is not None:
            if not Workshop.objects.filter(process=process, event=event).exists():
                raise ValidationError({"event": ValidationError(
                    _("This event is not one of this process's workshops."), code="not_linked")})
            if now < event.ends_at:
                raise ValidationError({"event": ValidationError(
                    _("This workshop has not taken place yet: enter its contributions once it "
                      "has ended."), code="not_yet")})
            if participants is None or participants < 1:
                raise ValidationError({"participants": ValidationError(
                    _("Say how many people took part: at least 1."), code="participants")})
            source_label = source_label_for(event, participants)
        else:
            participants = None
            source_label = _text(source_label, field="source_label", limit=200,
                                 required=_("Say where it comes from, e.g. “workshop of 12 March, "
                                            "23 participants”."))
        return Proposal.objects.create(
            process=process, author=None, entered_by=actor,
            workshop_event=event, participants=participants, source_label=source_label[:200],
            title=_text(title, field="title", limit=TITLE_MAX,
                        required=_("Give the contribution a title.")),
            text=_text(text, field="text", limit=TEXT_MAX,
                       required=_("Write down what the participants proposed.")),
            category=_category(process, category),
        )
