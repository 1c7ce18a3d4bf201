"""Money as the offices write it: Decimal throughout, thousands separators, and 万元/亿元 for
the large sums of investment and donation reports ("46.33亿元", "18.7万元")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

WAN = Decimal("10000")
YI = Decimal("100000000")
CENT = Decimal("0.01")


def _grouped(amount: Decimal, places: Decimal) -> str:
    return f"{amount.quantize(places, rounding=ROUND_HALF_UP):,}"


def yuan(amount: Decimal | None) -> str:
    """1234567.5 → "1,234,567.50"."""
    if amount is None:
        return "—"
    return _grouped(Decimal(amount), CENT)


def in_wan(amount: Decimal | None) -> str:
    """187000 → "18.70" (万元, two decimals, grouped)."""
    if amount is None:
        return "—"
    return _grouped(Decimal(amount) / WAN, CENT)


def in_yi(amount: Decimal | None) -> str:
    """4633000000 → "46.33" (亿元, two decimals, grouped)."""
    if amount is None:
        return "—"
    return _grouped(Decimal(amount) / YI, CENT)


def as_written(amount: Decimal | None) -> str:
    """The unit a report would choose: 亿元 from one hundred million, 万元 from ten thousand,
    yuan below."""
    if amount is None:
        return "—"
    amount = Decimal(amount)
    if abs(amount) >= YI:
        return _("%(amount)s hundred million yuan") % {"amount": in_yi(amount)}
    if abs(amount) >= WAN:
        return _("%(amount)s ten thousand yuan") % {"amount": in_wan(amount)}
    return _("%(amount)s yuan") % {"amount": yuan(amount)}
