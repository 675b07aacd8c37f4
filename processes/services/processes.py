"""The process, its mandate and its phases; who leads the processes of a direction."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from roles.cache import forget
from roles.predicates import agent_direction_ids
from terreau.slugs import save_under_free_slug

from ..models import Phase, Process, ProcessLead

MANDATE_FIELDS = ("open_to_debate", "not_open_to_debate", "decision_maker", "contributions_use")
EDITABLE = (
    "title", "summary", "territory", "community", "elected_official", "answer_due_on",
    "support_threshold", "categories", *MANDATE_FIELDS,
)


@dataclass(frozen=True)
class PhaseInput:
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    text: str = ""


# --- Process leads -------------------------------------------------------------------


def process_lead_grant(*, direction, person, actor) -> ProcessLead:
    """Make an agent of `direction` a process lead of it. Refused for someone
    who is not one of its agents, or who already is its process lead."""
    with transaction.atomic():
        if direction.pk not in agent_direction_ids(person):
            raise ValidationError(
                _("Only an agent of this direction can lead its processes."), code="not_agent"
            )
        lead, created = ProcessLead.objects.get_or_create(
            direction=direction, person=person, defaults={"granted_by": actor}
        )
        if not created:
            raise ValidationError(_("This person already leads this direction's processes."),
                                  code="already_lead")
        forget(person)
        audit.record(audit.Action.PROCESS_LEAD_GRANTED, actor=actor, target=person,
                     details={"direction": direction.pk})
        return lead


def process_lead_revoke(*, direction, person, actor) -> None:
    with transaction.atomic():
        deleted, _rows = ProcessLead.objects.filter(direction=direction, person=person).delete()
        forget(person)
        if deleted:
            audit.record(audit.Action.PROCESS_LEAD_REVOKED, actor=actor, target=person,
                         details={"direction": direction.pk})


# --- The process and its mandate -------------------------------------------------------


def _check_mandate(values: dict) -> None:
    errors = {}
    for name in ("title", "summary", "territory", "elected_official", *MANDATE_FIELDS):
        if not str(values.get(name) or "").strip():
            errors[name] = ValidationError(_("This is part of the rules of the game: fill it in."),
                                           code="required")
    if values.get("answer_due_on") is None:
        errors["answer_due_on"] = ValidationError(
            _("Say by when the answers are due."), code="required"
        )
    if errors:
        raise ValidationError(errors)


# Addresses of their own under /processes/: a process may not take them.
RESERVED_SLUGS = {"new", "leads"}


def process_create(*, actor, direction, **values) -> Process:
    """A draft process of `direction` with its mandate; published later."""
    with transaction.atomic():
        _check_mandate(values)
        unknown = set(values) - set(EDITABLE)
        if unknown:
            raise TypeError(f"Unknown fields: {sorted(unknown)}")
        return save_under_free_slug(
            Process(direction=direction, created_by=actor, **values), values["title"],
            queryset=Process.objects.all(), max_length=100, fallback="process",
            reserved=RESERVED_SLUGS)


def process_update(*, process: Process, actor, **values) -> Process:
    with transaction.atomic():
        unknown = set(values) - set(EDITABLE)
        if unknown:
            raise TypeError(f"Unknown fields: {sorted(unknown)}")
        process = Process.objects.select_for_update().get(pk=process.pk)
        current = {name: getattr(process, name) for name in EDITABLE}
        current.update(values)
        _check_mandate(current)
        for name, value in values.items():
            setattr(process, name, value)
        process.save()
        return process


def process_publish(*, process: Process, actor, now: dt.datetime | None = None) -> Process:
    """Show the process to everyone. Refused without a phase, or twice."""
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        if process.state == Process.State.PUBLISHED:
            raise ValidationError(_("This process is already published."), code="already_published")
        if not process.phases.exists():
            raise ValidationError(
                _("Give the process its phases before publishing it: people need to know "
                  "when they can contribute."), code="no_phases",
            )
        process.state = Process.State.PUBLISHED
        process.published_at = now or timezone.now()
        process.save(update_fields=["state", "published_at"])
        return process


# --- Phases ---------------------------------------------------------------------------


def _check_phases(phases: list[PhaseInput]) -> None:
    valid_kinds = set(Phase.Kind.values)
    for index, phase in enumerate(phases, start=1):
        if phase.kind not in valid_kinds:
            raise ValidationError(_("Phase %(n)d: choose a kind from the list.") % {"n": index},
                                  code="bad_kind")
        if phase.starts_at is None or phase.ends_at is None:
            raise ValidationError(_("Phase %(n)d: give its start and its end.") % {"n": index},
                                  code="missing_dates")
        if phase.ends_at <= phase.starts_at:
            raise ValidationError(
                _("Phase %(n)d ends before it starts: its end must come after its start.")
                % {"n": index}, code="phase_order",
            )
    for index, (before, after) in enumerate(itertools.pairwise(phases), start=2):
        if after.starts_at < before.ends_at:
            raise ValidationError(
                _("Phase %(n)d starts before the previous one ends: phases follow each other.")
                % {"n": index}, code="phases_overlap",
            )


def phases_set(*, process: Process, actor, phases: list[PhaseInput],
               now: dt.datetime | None = None) -> list[Phase]:
    """Replace the process's phases with `phases`, in this order.

    Nothing is announced for an edit: the phase running once it is saved
    counts as already told (contributors hear of the next change of phase,
    services.answers.phase_changes_announce)."""
    with transaction.atomic():
        if not phases:
            raise ValidationError(_("A process needs at least one phase."), code="no_phases")
        _check_phases(phases)
        process = Process.objects.select_for_update().get(pk=process.pk)
        process.phases.all().delete()
        created = Phase.objects.bulk_create(
            Phase(process=process, position=n, kind=p.kind, starts_at=p.starts_at,
                  ends_at=p.ends_at, text=p.text.strip())
            for n, p in enumerate(phases, start=1)
        )
        now = now or timezone.now()
        process.announced_phase = next((p for p in created if p.is_current(now)), None)
        process.save(update_fields=["announced_phase"])
        return created
