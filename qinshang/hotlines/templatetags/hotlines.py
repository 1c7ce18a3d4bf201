"""How hotline figures and hours read on a page."""

from __future__ import annotations

from django import template

from qinshang.hotlines.selectors import hours_summary

register = template.Library()

NOTHING = "—"


@register.filter
def hours(hotline) -> str:
    """"24 hours" or the weekly schedule, from the line's prefetched hours."""
    return hours_summary(hotline)


@register.filter
def one_decimal(value: float | None) -> str:
    """Mean seconds or a mean score with one decimal; "—" when nothing counts."""
    if value is None:
        return NOTHING
    return f"{value:.1f}"


@register.filter
def tel(number: str) -> str:
    """The number as a tel: link dials it: digits, and a leading + for an international one."""
    number = (number or "").strip()
    digits = "".join(character for character in number if character.isdigit())
    return f"tel:{'+' if number.startswith('+') else ''}{digits}"
