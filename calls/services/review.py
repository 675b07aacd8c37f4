"""Joint review: the call's agent assigns reviewers (staff of a partner
direction, or admins of a partner organisation); each scores the criteria
0-5 with a comment, on rows of their own (one per reviewer and criterion, so
two reviewers never overwrite each other); the agent records the decision
(funded: the amount and its split among the funders), which the carriers are
told.

A refusal about one field carries its code on that field's error: Django
drops the code given beside a dict (or a list) of messages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.predicates import agent_direction_ids, organisation_roles
from terreau.decisions import decide

from .. import kinds
from ..models import Application, Assignment, Score
from ._tell import carriers_people, tell
from .followup import shares_record, split_check

# Reviewers are assigned, the opinion written and the decision recorded from
# a received application on; scores need the file declared complete first
# (services/completeness.py).
UNDER_REVIEW = (Application.Status.SUBMITTED, Application.Status.COMPLETE,
                Application.Status.UNDER_REVIEW, Application.Status.OPINION_GIVEN)
SCORABLE = (Application.Status.COMPLETE, Application.Status.UNDER_REVIEW,
            Application.Status.OPINION_GIVEN)


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("call").get(
        pk=application.pk)


def reviewer_assign(*, application: Application, reviewer) -> Assignment:
    with transaction.atomic():
        application = _locked(application)
        if application.status not in UNDER_REVIEW:
            raise ValidationError(_("Only a submitted application not yet decided is reviewed."),
                                  code="state")
        funders = set(application.call.partners.values_list("pk", flat=True))
        common = sorted(funders & agent_direction_ids(reviewer))
        # An outside funder reviews through its admins.
        organisations = sorted(
            set(application.call.partner_organisations.values_list("pk", flat=True))
            & {pk for pk, role in organisation_roles(reviewer).items() if role == "admin"})
        if not common and not organisations:
            raise ValidationError(
                _("A reviewer is an agent of one of the call's funders or an administrator of a "
                  "funding organisation."), code="not_funder"
            )
        if Assignment.objects.filter(application=application, reviewer=reviewer).exists():
            raise ValidationError(_("This reviewer is already assigned."), code="assigned")
        if common:
            return Assignment.objects.create(application=application, reviewer=reviewer,
                                             direction_id=common[0])
        return Assignment.objects.create(application=application, reviewer=reviewer,
                                         organisation_id=organisations[0])


def scores_save(*, application: Application, reviewer, scores: dict) -> list[Score]:
    """`scores`: {criterion_id: (value, comment)}. Only the reviewer's own rows
    are written; each is created or updated under the unique constraint."""
    with transaction.atomic():
        # A shared lock would do; the row lock keeps the status check and the
        # writes together against a decision recorded at the same moment.
        application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if application.status == Application.Status.SUBMITTED:
            raise ValidationError(
                _("Declare the file complete before it is scored."), code="not_complete")
        if application.status not in SCORABLE:
            raise ValidationError(_("This application is decided: its scores are final."),
                                  code="decided")
        if not Assignment.objects.filter(application=application, reviewer=reviewer).exists():
            raise ValidationError(_("You are not a reviewer of this application."),
                                  code="not_assigned")
        criteria = {c.pk: c for c in application.call.criteria.all()}
        saved = []
        for criterion_id, (value, comment) in scores.items():
            if criterion_id not in criteria:
                raise ValidationError(_("This criterion is not the call's."), code="criterion")
            if value is None or not 0 <= int(value) <= 5:
                raise ValidationError(
                    _("A score is a whole number from 0 to 5."), code="score_range"
                )
            score, _created = Score.objects.update_or_create(
                application=application, reviewer=reviewer, criterion_id=criterion_id,
                defaults={"value": int(value), "comment": comment or ""},
            )
            saved.append(score)
        Application.objects.filter(pk=application.pk, status=Application.Status.COMPLETE).update(
            status=Application.Status.UNDER_REVIEW)
    return saved


def opinion_write(*, application: Application, text: str) -> Application:
    """The funders' common opinion, written (and rewritten) until the decision."""
    with transaction.atomic():
        application = _locked(application)
        if application.status not in UNDER_REVIEW:
            raise ValidationError(_("Only a submitted application not yet decided is reviewed."),
                                  code="state")
        if not text.strip():
            raise ValidationError(
                {"opinion": ValidationError(_("Write the common opinion."), code="opinion")})
        application.opinion = text.strip()
        application.opinion_at = timezone.now()
        application.status = Application.Status.OPINION_GIVEN
        application.save(update_fields=["opinion", "opinion_at", "status", "updated_at"])
        return application


def application_decide(*, application: Application, agent, decision: str,
                       amount=None, reasons: str = "", split: dict | None = None,
                       report_due_at=None) -> Application:
    """Funded: the amount, its split among the call's funders ({funder key:
    amount}, services/followup.py) and, optionally, this project's own due
    date for its final report. Every check comes before any write."""
    with transaction.atomic():
        application = _locked(application)
        shares = []
        if application.status == Application.Status.DECIDED:
            raise ValidationError(_("This application is already decided."), code="decided")
        if application.status not in UNDER_REVIEW:
            raise ValidationError(_("Only a submitted application is decided."), code="state")
        if decision == Application.Decision.FUNDED:
            try:
                amount = Decimal(amount)
            except (InvalidOperation, TypeError):
                amount = None
            if amount is None or amount <= 0:
                raise ValidationError(
                    {"amount": ValidationError(_("Give the amount granted."), code="amount")})
            if amount > application.requested_amount:
                raise ValidationError({"amount": ValidationError(
                    _("The amount granted cannot exceed the amount requested."),
                    code="amount_over")})
            shares = split_check(application.call, amount, split)
            application.granted_amount = amount
            application.final_report_due_at = report_due_at
        elif decision == Application.Decision.NOT_FUNDED:
            if not reasons.strip():
                raise ValidationError({"reasons": ValidationError(
                    _("Give the reasons of the decision."), code="reasons")})
            application.granted_amount = None
        else:
            raise ValidationError(_("Choose a decision."), code="decision")
        application.decision = decision
        application.save(update_fields=["decision", "granted_amount", "final_report_due_at",
                                        "updated_at"])
        shares_record(application, shares)
        decide(application, status=Application.Status.DECIDED, actor=agent, answer=reasons.strip())
        tell(carriers_people(application), kinds.DECIDED, application, actor=agent,
             decision=decision, amount=str(application.granted_amount or ""),
             reasons=application.decision_reasons,
             split=[[str(s.funder), f"{Decimal(s.amount):.2f}"] for s in shares])
        return application
