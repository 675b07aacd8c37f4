"""The argued answers, the commitments of the follow-up, and telling
contributors when the phase changes (droit de suite)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import notify

from ..models import Answer, Commitment, Phase, Process, Proposal

REASON_MAX = 3000


def clean_answer(status: str, reason: str) -> str:
    """An argued answer's status and reason checked, the reason stripped:
    the same rule for a proposal, a recommendation and a referral."""
    reason = (reason or "").strip()
    errors = {}
    if status not in Answer.Status.values:
        errors["status"] = ValidationError(_("Choose an answer from the list."), code="bad_status")
    if not reason:
        errors["reason"] = ValidationError(
            _("Say why, in a few sentences: an answer without its reason is not an answer."),
            code="reason_required",
        )
    elif len(reason) > REASON_MAX:
        errors["reason"] = ValidationError(
            _("Keep it under %(limit)d characters (this one has %(length)d).")
            % {"limit": REASON_MAX, "length": len(reason)}, code="too_long",
        )
    if errors:
        raise ValidationError(errors)
    return reason


def answer_record(*, proposal: Proposal, actor, status: str, reason: str,
                  now: dt.datetime | None = None) -> Answer:
    """The decision-maker's answer to a proposal, with why. A new answer
    replaces the previous one (e.g. "under study", then "adopted") and is
    dated now: given after the commitment date, it counts as overdue
    (processes/accountability.py). The author and the supporters are told."""
    with transaction.atomic():
        reason = clean_answer(status, reason)
        proposal = Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)
        if proposal.hidden_at is not None:
            raise ValidationError(_("This proposal was hidden; it gets no answer."), code="hidden")
        answer, _created = Answer.objects.update_or_create(
            proposal=proposal,
            defaults={"status": status, "reason": reason, "answered_at": now or timezone.now(),
                      "answered_by": actor},
        )
        people = get_user_model().objects.filter(
            Q(pk=proposal.author_id) | Q(process_supports__proposal=proposal)
        ).distinct()
        notify(people, "process_answer", actor=actor, community=proposal.process.community,
               url=proposal.get_absolute_url(),
               data={"proposal": proposal.title, "process": proposal.process.title,
                     "status": str(answer.get_status_display()), "reason": reason})
        return answer


def commitment_save(*, process: Process, actor, title: str, status: str, progress: int,
                    due_on: dt.date | None = None, note: str = "", proposal: Proposal | None = None,
                    commitment: Commitment | None = None) -> Commitment:
    """Create or update a commitment of the follow-up (what was done, how far)."""
    with transaction.atomic():
        errors = {}
        title = (title or "").strip()
        if not title:
            errors["title"] = ValidationError(_("Name the commitment."), code="required")
        if status not in Commitment.Status.values:
            errors["status"] = ValidationError(_("Choose a status from the list."), code="bad_status")
        if progress is None or not 0 <= progress <= 100:
            errors["progress"] = ValidationError(_("Progress is a percentage, from 0 to 100."),
                                                 code="bad_progress")
        if proposal is not None and proposal.process_id != process.pk:
            errors["proposal"] = ValidationError(_("Choose a proposal of this process."),
                                                 code="bad_proposal")
        if errors:
            raise ValidationError(errors)
        if commitment is None:
            commitment = Commitment(process=process)
        elif commitment.process_id != process.pk:
            raise ValidationError(_("This commitment belongs to another process."), code="bad_process")
        commitment.title, commitment.status, commitment.progress = title, status, progress
        commitment.due_on, commitment.note, commitment.proposal = due_on, note.strip(), proposal
        commitment.save()
        return commitment


def contributors(process: Process):
    """Everyone who posted, supported or commented on a proposal of the process."""
    return get_user_model().objects.filter(
        Q(process_proposals__process=process)
        | Q(process_supports__proposal__process=process)
        | Q(process_comments__proposal__process=process)
    ).distinct()


def phase_changes_announce(*, now: dt.datetime | None = None) -> int:
    """Tell the contributors of every published process whose running phase
    changed since they were last told. Idempotent: the process row is locked
    and its announced phase read again, so two runs tell once. Run by Celery
    beat (processes.tasks.announce_phase_changes). Returns how many processes
    were announced."""
    now = now or timezone.now()
    running = Phase.objects.filter(
        process__state=Process.State.PUBLISHED, starts_at__lte=now, ends_at__gt=now
    ).exclude(process__announced_phase=F("pk"))
    told = 0
    for phase_id, process_id in running.values_list("pk", "process_id"):
        with transaction.atomic():
            process = Process.objects.select_for_update().get(pk=process_id)
            if process.announced_phase_id == phase_id:
                continue
            phase = Phase.objects.get(pk=phase_id)
            process.announced_phase = phase
            process.save(update_fields=["announced_phase"])
            # The phase's name in English, the catalogue's key: each reader's page
            # or e-mail translates it into their own language, not the task's.
            with translation.override(None):
                phase_name = str(phase.get_kind_display())
            notify(contributors(process), "process_phase", community=process.community,
                   url=process.get_absolute_url(),
                   data={"process": process.title, "phase": phase_name,
                         "ends": timezone.localtime(phase.ends_at).strftime("%Y-%m-%d")})
            told += 1
    return told

