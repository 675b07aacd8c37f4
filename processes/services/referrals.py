"""Referrals from communities (issue #17, item 7): the community's region
(institution) gardener refers a need or a working group's result to a
process; the process's managers give it an argued answer, as to a proposal.

Refusals are translated ValidationErrors and change nothing. The author of
the need (or whoever recorded the group's result) and the community's pair
are told of the answer, once each, in the answer's transaction.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from roles.selectors import active_pair

from ..models import Answer, Process, Referral
from .answers import clean_answer

MESSAGE_MAX = 2000


def accepts_referrals(process: Process, *, today: dt.date | None = None) -> bool:
    """Published, and its commitment date not passed: a referral made after
    it could only be answered late (the date is the promise)."""
    today = today or timezone.localdate()
    return process.state == Process.State.PUBLISHED and today <= process.answer_due_on


def _check_gardener(community, actor) -> None:
    pair = active_pair(community)
    if pair is None or pair.institution_gardener_id != actor.pk:
        raise ValidationError(
            _("Only the institution gardener of %(community)s refers its needs and results to "
              "a process.") % {"community": community.name},
            code="not_institution_gardener",
        )


def referral_create(*, actor, process: Process, message: str, need=None, decision=None,
                    today: dt.date | None = None) -> Referral:
    """Refer a need or a working group's result (exactly one) to a process
    that accepts referrals; once per item and process."""
    if (need is None) == (decision is None):
        raise ValidationError(_("Refer a need or a working group's result."), code="no_source")
    community = need.community if need is not None else decision.group.community
    _check_gardener(community, actor)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": ValidationError(
            _("Say what the community asks of the process."), code="required")})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": MESSAGE_MAX},
            code="too_long")})
    with transaction.atomic():
        process = Process.objects.select_for_update().get(pk=process.pk)
        if not accepts_referrals(process, today=today):
            raise ValidationError(
                _("“%(process)s” does not take referrals: it is not published, or its answers "
                  "were due by %(date)s.")
                % {"process": process.title,
                   "date": process.answer_due_on.strftime("%d/%m/%Y")},
                code="process_closed",
            )
        if need is not None:
            # As it is now, not as the caller read it before a moderator hid it.
            need.refresh_from_db(fields=["hidden_at"])
            if need.hidden_at is not None:
                raise ValidationError(_("A hidden item is not referred."), code="hidden")
        try:
            with transaction.atomic():
                return Referral.objects.create(
                    community=community, need=need, decision=decision, process=process,
                    message=message, referred_by=actor)
        except IntegrityError:
            raise ValidationError(
                _("This was already referred to “%(process)s”.") % {"process": process.title},
                code="already_referred",
            ) from None


def _told(referral: Referral) -> list:
    """The need's author (or who recorded the result) and the pair."""
    people = []
    if referral.need_id:
        people.append(referral.need.author)
    elif referral.decision.recorded_by_id:
        people.append(referral.decision.recorded_by)
    pair = active_pair(referral.community)
    if pair is not None:
        people.extend(pair.gardeners())
    return people


def referral_answer(*, referral: Referral, actor, status: str, reason: str,
                    now: dt.datetime | None = None) -> Referral:
    """The process's argued answer to a referral, dated now (after the
    commitment date it counts as overdue, processes/accountability.py).
    "Under study" may be followed by the final answer, which replaces it;
    any other answer is final: a second one is refused."""
    reason = clean_answer(status, reason)
    with transaction.atomic():
        referral = (Referral.objects.select_for_update(of=("self",))
                    .select_related("process", "community", "need__author",
                                    "need__community", "decision__recorded_by",
                                    "decision__group")
                    .get(pk=referral.pk))
        if referral.is_answered and referral.status != Answer.Status.UNDER_STUDY:
            raise ValidationError(
                _("This referral is already answered (%(status)s).")
                % {"status": referral.get_status_display()},
                code="already_answered",
            )
        referral.status, referral.reason = status, reason
        referral.answered_at, referral.answered_by = now or timezone.now(), actor
        referral.save(update_fields=["status", "reason", "answered_at", "answered_by"])
        notify(_told(referral), "process_referral_answered", actor=actor,
               community=referral.community, url=referral.source_url(),
               data={"title": referral.title, "process": referral.process.title,
                     "community": referral.community.name, "status": status,
                     "reason": reason})
        return referral
