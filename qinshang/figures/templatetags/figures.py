"""How figures read on a page: rates as percentages with one decimal, "—" when nothing counts."""

from __future__ import annotations

from django import template

register = template.Library()

NOTHING = "—"


@register.filter
def percent(rate: float | None) -> str:
    """0.98757 → "98.8%"; None (nothing to divide by) → "—"."""
    if rate is None:
        return NOTHING
    return f"{rate * 100:.1f}%"


@register.filter
def days(value: float | None) -> str:
    """A mean number of working days, with one decimal."""
    if value is None:
        return NOTHING
    return f"{value:.1f}"
