"""The pool of candidates: volunteering, withdrawing, importing a list."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

import audit
from notifications import services as notifications
from terreau.spreadsheets import import_rows

from .. import consent
from ..models import Candidate, Council, Member
from .members import seat_ended

NAME_MAX_LENGTH = 120
TERRITORY_MAX_LENGTH = 200
REQUIRED_COLUMNS = ("name", "email", "territory")
IMPORT_MAX_ROWS = 5000


def _public_id(council: Council) -> str:
    """A pseudonymous number no other candidate of the council has."""
    while True:
        public_id = f"C-{secrets.token_hex(3).upper()}"
        if not Candidate.objects.filter(council=council, public_id=public_id).exists():
            return public_id


def _clean(council: Council, characteristics, *, name, email, territory, values) -> dict:
    """The checked fields of one candidate, or ValidationError by field."""
    errors: dict[str, ValidationError] = {}
    name = (name or "").strip()
    email = (email or "").strip()
    territory = (territory or "").strip()
    if not name:
        errors["name"] = ValidationError(_("Give your name."), code="required")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
            code="too_long")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ValidationError(_("Enter a valid e-mail address."), code="invalid")
    if not territory:
        errors["territory"] = ValidationError(_("Say where you live."), code="required")
    elif len(territory) > TERRITORY_MAX_LENGTH:
        errors["territory"] = ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": TERRITORY_MAX_LENGTH},
            code="too_long")
    chosen = {}
    for characteristic in characteristics:
        value = (values.get(characteristic.key) or "").strip()
        if value not in characteristic.categories:
            choices = ", ".join(characteristic.categories)
            errors[characteristic.key] = ValidationError(
                _("Choose one of: %(choices)s.") % {"choices": choices}, code="bad_category")
        else:
            chosen[characteristic.key] = value
    if errors:
        raise ValidationError(errors)
    if Candidate.objects.filter(
        council=council, email__iexact=email, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError({"email": ValidationError(
            _("This address is already in the council's pool."), code="duplicate")})
    return {"name": name, "email": email, "territory": territory, "characteristics": chosen}


def _create(council, fields, *, source, now) -> Candidate:
    text = consent.CURRENT
    return Candidate.objects.create(
        council=council, public_id=_public_id(council), source=source,
        consent_version=text.version, consent_fingerprint=text.fingerprint, consented_at=now,
        language=(get_language() or "fr")[:2], **fields,
    )


def candidate_volunteer(*, council: Council, name: str, email: str, territory: str,
                        characteristics: dict, consent_given: bool, user=None,
                        now=None) -> Candidate:
    """A resident volunteers through the public form; told by e-mail, with
    the link to withdraw. Signed in with the same address, the candidacy is
    also tied to the account (their profile lists it)."""
    with transaction.atomic():
        if not consent_given:
            raise ValidationError({"consent": ValidationError(
                _("Tick the box to agree to the text above: without it you cannot "
                  "join the pool."), code="consent")})
        council = Council.objects.select_for_update().get(pk=council.pk)
        fields = _clean(council, council.characteristics.all(), name=name, email=email,
                        territory=territory, values=characteristics)
        candidate = _create(council, fields, source=Candidate.Source.FORM,
                            now=now or timezone.now())
        if (user is not None and user.is_authenticated
                and user.email.lower() == candidate.email.lower()):
            candidate.user = user
            candidate.save(update_fields=["user"])
        notifications.notify([candidate], "council_volunteered", about=candidate)
        return candidate


def candidate_withdraw(*, candidate: Candidate, now=None) -> Candidate:
    """The candidate leaves the pool, and the council if they sit on it.

    A seat drawn by lot that is freed this way is filled by a replacement
    draw from the same pool under the same quotas: the council's agents
    (its direction's staff) are told at once, with the link to announce it.
    `candidate.freed_seat` is the member whose seat was freed, or None.
    """
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().select_related("council").get(
            pk=candidate.pk)
        if candidate.withdrawn_at is not None:
            raise ValidationError(_("You have already withdrawn from this pool."), code="withdrawn")
        now = now or timezone.now()
        candidate.withdrawn_at = now
        candidate.save(update_fields=["withdrawn_at"])
        seat = Member.objects.filter(candidate=candidate, ended_at__isnull=True).first()
        candidate.freed_seat = seat
        if seat is not None:
            seat.ended_at = now
            seat.save(update_fields=["ended_at"])
            seat_ended(seat)
            if seat.draw_id is not None:
                council = candidate.council
                notifications.notify(
                    list(council.direction.staff.all()), "council_seat_freed",
                    url=reverse("councils:manage", kwargs={"slug": council.slug}),
                    data={"council": council.name, "number": candidate.public_id},
                )
        return candidate


@dataclass
class ImportReport:
    imported: int = 0
    # (line number in the file, reason)
    rejected: list[tuple[int, str]] = field(default_factory=list)


def candidates_import(*, council: Council, data: bytes | str, consent_confirmed: bool,
                      now=None, actor=None) -> ImportReport:
    """An agent imports a list of candidates (CSV or an Excel workbook, with a header row).

    A missing column refuses the whole file and imports nothing; a bad row
    is skipped and reported with its line and why, the others are imported.
    """
    with transaction.atomic():
        if not consent_confirmed:
            raise ValidationError(
                _("Confirm that every person on the list agreed to the pool's text."),
                code="consent",
            )
        council = Council.objects.select_for_update().get(pk=council.pk)
        characteristics = list(council.characteristics.all())
        reader = import_rows(data)
        header = [column.strip().lower() for column in (reader.fieldnames or [])]
        needed = list(REQUIRED_COLUMNS) + [c.key for c in characteristics]
        missing = [column for column in needed if column not in header]
        if missing:
            raise ValidationError(
                _("The file lacks the column(s) %(missing)s; nothing was imported. The first row "
                  "must name the columns: %(needed)s.")
                % {"missing": ", ".join(missing), "needed": ", ".join(needed)},
                code="missing_columns",
            )
        report = ImportReport()
        now = now or timezone.now()
        for line, row in enumerate(reader, start=2):
            if line - 1 > IMPORT_MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(limit)d rows; nothing was imported.")
                    % {"limit": IMPORT_MAX_ROWS},
                    code="too_many",
                )
            # Cells beyond the header come under the key None, as a list: left out.
            row = {key.strip().lower(): value for key, value in row.items()
                   if isinstance(value, str)}
            if not any(value.strip() for value in row.values()):
                continue
            try:
                # An address twice in the file: the first row's candidate is
                # in the pool when the second is checked, and refused there.
                fields = _clean(council, characteristics, name=row.get("name"),
                                email=row.get("email"), territory=row.get("territory"), values=row)
            except ValidationError as error:
                reasons = "; ".join(
                    _("%(column)s: %(reason)s") % {"column": column, "reason": " ".join(messages)}
                    for column, messages in error.message_dict.items())
                report.rejected.append((line, reasons))
                continue
            try:
                with transaction.atomic():
                    _create(council, fields, source=Candidate.Source.IMPORT, now=now)
            except IntegrityError:
                report.rejected.append((line, _("%(column)s: %(reason)s") % {
                    "column": "email",
                    "reason": _("This address is already in the council's pool.")}))
                continue
            report.imported += 1
        audit.record(audit.Action.COUNCIL_CANDIDATES_IMPORTED, actor=actor,
                     community_id=council.community_id, target=council, target_label=council.name,
                     details={"imported": report.imported, "rejected": len(report.rejected)})
        return report
