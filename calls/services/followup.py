"""A funded project: the split of the amount granted among the call's
funders (checked before anything is written), and the reports its carriers'
admins file — progress reports, then one final report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .. import documents as docs
from .. import kinds
from ..models import Application, Call, FundingShare, Report
from ..predicates import administered_ids
from ._tell import carrier_ids, tell


@dataclass(frozen=True)
class Funder:
    key: str  # "direction-<pk>" or "organisation-<pk>": the split's field names
    name: str
    direction_id: int | None = None
    organisation_id: int | None = None


def funders_of(call: Call) -> list[Funder]:
    """The call's funders, directions first; a call without partners is
    funded by its own direction."""
    funders = [Funder(f"direction-{d.pk}", d.name, direction_id=d.pk)
               for d in call.partners.all()]
    funders += [Funder(f"organisation-{o.pk}", o.name, organisation_id=o.pk)
                for o in call.partner_organisations.all()]
    if not funders:
        funders = [Funder(f"direction-{call.direction_id}", call.direction.name,
                          direction_id=call.direction_id)]
    return funders


def _amount(value) -> Decimal | None:
    """The amount written, or None: nothing written (None, "") or no finite
    number ("NaN", "Infinity", which no comparison takes)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def split_check(call: Call, total: Decimal, split: dict | None) -> list[FundingShare]:
    """`split`: {funder key: amount}, one line per funder of the call, each
    0 or more, adding up to `total`. A call with a single funder may omit it.
    Returns the unsaved rows, or raises a ValidationError saying what is wrong."""
    funders = funders_of(call)
    if not split:
        if len(funders) > 1:
            raise ValidationError({"split": ValidationError(
                _("Split the amount granted among the call's "
                  "funders, one line per funder."), code="no_split")})
        split = {funders[0].key: total}
    known = {f.key for f in funders}
    unknown = set(split) - known
    if unknown:
        raise ValidationError({"split": ValidationError(
            _("Only the call's funders share the amount granted."), code="not_funder")})
    amounts = {key: _amount(split.get(key)) for key in known}
    missing = [f.name for f in funders if amounts[f.key] is None]
    if missing:
        raise ValidationError({"split": ValidationError(
            _("Give the amount of each funder (0 if none): "
              "%(funders)s.") % {"funders": ", ".join(missing)}, code="split_missing")})
    if any(a < 0 for a in amounts.values()):
        raise ValidationError({"split": ValidationError(
            _("A funder's amount cannot be negative."), code="split_negative")})
    given = sum(amounts.values())
    if given != total:
        raise ValidationError({"split": ValidationError(
            _("The funders' amounts add up to %(given)s €, not to the %(total)s € "
              "granted: the difference is %(difference)s €.")
            % {"given": _money(given), "total": _money(total),
               "difference": _money(total - given)},
            code="split_mismatch")})
    return [FundingShare(direction_id=f.direction_id, organisation_id=f.organisation_id,
                         amount=amounts[f.key]) for f in funders]


def shares_record(application: Application, shares: list[FundingShare]) -> None:
    application.shares.all().delete()
    for share in shares:
        share.application = application
    FundingShare.objects.bulk_create(shares)


# --- Reports -----------------------------------------------------------------------


def _readers(application: Application) -> list:
    """Who reads a report: the call's agents and the reviewers assigned to it."""
    return list(get_user_model().objects.filter(
        Q(directions=application.call.direction_id)
        | Q(call_assignments__application=application)).distinct())


def report_file(*, application: Application, author, text: str, progress, kind: str = "progress",
                upload=None) -> Report:
    """The row is locked: two final reports sent at once make one."""
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).select_related(
            "call").get(pk=application.pk)
        if not (application.status == Application.Status.DECIDED
                and application.decision == Application.Decision.FUNDED):
            raise ValidationError(_("Only a funded project reports on its progress."),
                                  code="not_funded")
        if administered_ids(author).isdisjoint(carrier_ids(application)):
            raise ValidationError(_("Only the administrators of the project's carrier "
                                    "organisations file its reports."), code="not_carrier")
        if kind not in Report.Kind.values:
            raise ValidationError({"kind": ValidationError(
                _("Choose a progress report or the final report."), code="kind")})
        if not (text or "").strip():
            raise ValidationError({"text": ValidationError(
                _("Write the report."), code="text")})
        try:
            progress = int(progress)
        except (TypeError, ValueError):
            progress = None
        if progress is None or not 0 <= progress <= 100:
            raise ValidationError({"progress": ValidationError(
                _("Progress is a whole number from 0 to 100."), code="progress")})
        if kind == Report.Kind.FINAL and application.reports.filter(kind=kind).exists():
            raise ValidationError(_("The final report is already filed: file a progress report "
                                    "to add something."), code="final_filed")
        report = Report(application=application, kind=kind, text=text.strip(), progress=progress,
                        author=author)
        if upload is not None:
            report.content_type = docs.check(upload)
            # Django cut an uploaded file's name to 255 characters, its extension kept.
            report.filename, report.size = upload.name, upload.size
            report.file.save(upload.name, upload, save=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            if report.file:
                report.file.storage.delete(report.file.name)
            raise ValidationError(_("The final report is already filed: file a progress report "
                                    "to add something."), code="final_filed") from None
        tell(_readers(application), kinds.REPORT_FILED, application, actor=author,
             report=kind, progress=progress)
        return report
