"""Legal identifiers of French organisations: SIRET (14 digits, Luhn) and RNA
(the associations' register: W and 9 digits)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RNA = re.compile(r"W\d{9}")


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not (len(value) == 14 and value.isdigit()):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if not luhn_ok(value):
        raise ValidationError(
            _("This SIRET number is not valid (its check digit does not match)."),
            code="siret_checksum",
        )


def validate_rna(value: str) -> None:
    if not RNA.fullmatch(value):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits."), code="rna_format"
        )
