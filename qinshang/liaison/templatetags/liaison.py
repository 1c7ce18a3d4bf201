"""How a plan reads on a page: how often, its standing, how late it is."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qinshang.liaison.intervals import Standing
from qinshang.liaison.models import Interval, LiaisonPlan

register = template.Library()


@register.filter
def how_often(plan: LiaisonPlan) -> str:
    """"Monthly", or "Every 10 days"."""
    if plan.interval == Interval.DAYS and plan.every_days:
        return ngettext("Every %(n)d day", "Every %(n)d days", plan.every_days) % {
            "n": plan.every_days}
    return str(plan.get_interval_display())


@register.filter
def how(plan) -> str:
    """The method a plan asks for, "any" when it asks for none."""
    return str(plan.get_method_display()) if plan.method else _("Any")


@register.filter
def standing_label(standing: str) -> str:
    return {Standing.KEPT: _("Kept"), Standing.NOT_YET_DUE: _("Not yet due"),
            Standing.OVERDUE: _("Overdue"), Standing.NOT_STARTED: _("Not started"),
            Standing.ENDED: _("Ended")}.get(standing, str(standing))


@register.filter
def days_late(days_left: int | None) -> int:
    """A negative number of days left, as days overdue."""
    return -days_left if days_left is not None and days_left < 0 else 0


@register.filter
def counterpart_kind(record) -> str:
    if record.enterprise_id:
        return _("Enterprise")
    if record.person_id:
        return _("Person")
    return _("Department")
