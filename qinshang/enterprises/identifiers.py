"""Validation and masking of the identifiers kept in the enterprise file."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code's alphabet (no I, O, S, V, Z) and weights.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643-1999 (ISO 7064 MOD 11-2), used by the residence permit for Taiwan residents.
RESIDENCE_PERMIT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENCE_PERMIT_CHECKS = "10X98765432"
TRAVEL_PERMIT = re.compile(r"\d{8}", re.ASCII)  # ASCII: not full-width digits
RESIDENCE_PERMIT = re.compile(r"830000\d{11}[\dX]", re.ASCII)


def credit_code_check_character(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(char) * weight
                for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    if len(value) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length", params={"count": len(value)})
    wrong = sorted({char for char in value if char not in CREDIT_CODE_ALPHABET})
    if wrong:
        raise ValidationError(
            _("A unified social credit code cannot contain %(chars)s."),
            code="credit_code_characters", params={"chars": " ".join(wrong)})
    if not value[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are a division code."),
            code="credit_code_region")
    expected = credit_code_check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong: "
              "it should end in %(expected)s. Please check the code for a typing error."),
            code="credit_code_check", params={"expected": expected})


def residence_permit_check_character(first17: str) -> str:
    total = sum(int(char) * weight
                for char, weight in zip(first17, RESIDENCE_PERMIT_WEIGHTS, strict=True))
    return RESIDENCE_PERMIT_CHECKS[total % 11]


def validate_travel_permit(value: str) -> None:
    if not TRAVEL_PERMIT.fullmatch(value):
        raise ValidationError(
            _("A Mainland Travel Permit for Taiwan Residents number has 8 digits."),
            code="travel_permit_form")


def validate_residence_permit(value: str) -> None:
    if not RESIDENCE_PERMIT.fullmatch(value):
        raise ValidationError(
            _("A residence permit number for Taiwan residents has 18 characters "
              "and starts with 830000."),
            code="residence_permit_form")
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The date of birth in this residence permit number is not a "
                                "real date."), code="residence_permit_birth") from None
    if value[17] != residence_permit_check_character(value[:17]):
        raise ValidationError(_("The check character of this residence permit number is wrong."),
                              code="residence_permit_check")


def mask_document_number(value: str) -> str:
    """Keep just enough to tell numbers apart: 12****78, 830000********123X."""
    if not value:
        return ""
    # Numbers too short to keep both ends (only ever malformed ones) are hidden whole.
    head, tail = (6, 4) if len(value) > 12 else (2, 2) if len(value) > 4 else (0, 0)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]
