"""An application: started by an organisation's admin, drafted by its
carriers (the lead organisation and the co-carriers it invites), submitted
by the lead's admin before the call closes. Once submitted nobody edits it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation

from .. import documents as docs
from .. import kinds
from ..models import Application, Attachment, BudgetLine, Call, CoCarrier, RequiredDocument
from ..predicates import administered_ids
from ._tell import carrier_ids, carriers_people, tell
from .completeness import pieces_pending

FIELDS = ("title", "summary", "objectives", "territory", "requested_amount")


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related(
        "call", "organisation").get(pk=application.pk)


def _still_draft(application: Application) -> None:
    if application.status != Application.Status.DRAFT:
        raise ValidationError(
            _("This application is submitted: it can no longer be changed."), code="not_draft"
        )


def budget_check(requested: Decimal, lines) -> None:
    """The amount requested is the total of the expenses minus the co-funding."""
    expenses = sum((Decimal(a) for k, _l, a in lines if k == BudgetLine.Kind.EXPENSE), Decimal(0))
    cofunding = sum((Decimal(a) for k, _l, a in lines if k == BudgetLine.Kind.COFUNDING),
                    Decimal(0))
    if any(Decimal(a) < 0 for _k, _l, a in lines):
        raise ValidationError({"requested_amount": ValidationError(
            _("Budget amounts cannot be negative."), code="negative")})
    if Decimal(requested) != expenses - cofunding:
        raise ValidationError({"requested_amount": ValidationError(
            _("The amount requested (%(requested)s €) must equal the total of the expenses "
              "(%(expenses)s €) minus the co-funding (%(cofunding)s €), that is %(due)s €.")
            % {"requested": requested, "expenses": expenses, "cofunding": cofunding,
               "due": expenses - cofunding},
            code="budget_mismatch")})


def _check_open(call: Call, now: datetime) -> None:
    if not call.is_open(now):
        raise ValidationError(_("This call is closed: the deadline has passed."), code="closed")


def application_start(*, call: Call, organisation: Organisation, user, title: str,
                      now: datetime | None = None) -> Application:
    with transaction.atomic():
        _check_open(call, now or timezone.now())
        if not title.strip():
            raise ValidationError({"title": ValidationError(
                _("Give the project a title."), code="title")})
        return Application.objects.create(call=call, organisation=organisation, created_by=user,
                                          title=title.strip())


def application_save(*, application: Application, lines=None, **fields) -> Application:
    """Save the draft. `lines`: [(kind, label, amount), ...] replace the budget."""
    with transaction.atomic():
        application = _locked(application)
        _still_draft(application)
        for key, value in fields.items():
            if key in FIELDS:
                setattr(application, key, value)
        if lines is None:
            lines = list(application.budget_lines.values_list("kind", "label", "amount"))
        else:
            lines = [(k, label, Decimal(a)) for k, label, a in lines]
            application.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(application=application, kind=k, label=label, amount=a)
                for k, label, a in lines
            )
        budget_check(application.requested_amount, lines)
        application.save()
        return application


def cocarrier_invite(*, application: Application, organisation: Organisation, actor) -> CoCarrier:
    with transaction.atomic():
        application = _locked(application)
        _still_draft(application)
        if organisation.pk == application.organisation_id or application.carriers.filter(
                organisation=organisation).exists():
            raise ValidationError(
                _("%(organisation)s already carries this project.") % {"organisation": organisation},
                code="already_carrier",
            )
        carrier = CoCarrier.objects.create(application=application, organisation=organisation,
                                           invited_by=actor)
        members = [m.user for m in organisation.members.select_related("user")]
        tell(members, kinds.INVITED, application, actor=actor, organisation=organisation.name)
        return carrier


def attachment_upload(*, application: Application, document: RequiredDocument, upload,
                      user) -> Attachment:
    """On a draft; or on a received application while the pieces the call's
    agent asked for are pending, by an admin of a carrier, even after the
    deadline (services/completeness.py). Nothing else becomes editable."""
    with transaction.atomic():
        application = _locked(application)
        if application.status != Application.Status.DRAFT:
            if not pieces_pending(application):
                _still_draft(application)
            if not administered_ids(user) & carrier_ids(application):
                raise ValidationError(
                    _("Only an administrator of a carrier organisation adds the missing pieces."),
                    code="not_carrier_admin")
        if document.call_id != application.call_id:
            raise ValidationError(_("This document is not asked by the call."), code="document")
        content_type = docs.check(upload)
        old = Attachment.objects.filter(application=application, document=document).first()
        if old is not None:
            stale = old.file.name
            old.file.save(upload.name, upload, save=False)
            old.filename, old.content_type, old.size = upload.name[-255:], content_type, upload.size
            old.uploaded_by = user
            old.save()
            transaction.on_commit(lambda: old.file.storage.delete(stale))
            return old
        attachment = Attachment(application=application, document=document, uploaded_by=user,
                                filename=upload.name[-255:], content_type=content_type,
                                size=upload.size)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        return attachment


def application_submit(*, application: Application, user,
                       now: datetime | None = None) -> Application:
    """Checked at the moment of submitting, with the row locked: a form opened
    before the deadline and sent after it is refused."""
    with transaction.atomic():
        application = _locked(application)
        _still_draft(application)
        call = Call.objects.get(pk=application.call_id)
        now = now or timezone.now()
        _check_open(call, now)
        errors = []
        if not application.summary.strip():
            errors.append(ValidationError(_("Write the project summary."), code="required"))
        missing = call.required_documents.exclude(
            pk__in=application.attachments.values("document_id")
        ).values_list("name", flat=True)
        errors += [ValidationError(_("The document “%(name)s” is missing.") % {"name": name},
                                   code="missing") for name in missing]
        if errors:
            raise ValidationError(errors)
        budget_check(application.requested_amount,
                     list(application.budget_lines.values_list("kind", "label", "amount")))
        application.status = Application.Status.SUBMITTED
        application.submitted_at = now
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        tell(carriers_people(application), kinds.SUBMITTED, application, actor=None)
        return application
