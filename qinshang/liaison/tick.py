"""Overdue liaison duties in ``qinshang tick``: each member of staff is told once about each
missed due date of their plans (a later contact and a new miss tell them again)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.figures.liaison import running_on
from qinshang.liaison.intervals import Standing
from qinshang.liaison.models import LiaisonPlan
from qinshang.liaison.selectors import standing_cells
from qinshang.notifications.services import notify

CHUNK = 500  # keeps each IN (...) below the drivers' parameter limits


def duties_tick(*, now: datetime.datetime) -> int:
    """Notify the overdue duties not yet notified for their current due date; returns how many
    notifications were created. One statement reads every running plan's standing, a second
    the overdue plans."""
    today = timezone.localdate(now)
    overdue = {cell.plan_id: cell for cell in standing_cells(
        running_on(LiaisonPlan.objects.all(), today), today) if cell.standing == Standing.OVERDUE}
    created = 0
    ids = sorted(overdue)
    for start in range(0, len(ids), CHUNK):
        for plan in LiaisonPlan.objects.filter(pk__in=ids[start:start + CHUNK]).select_related(
                "staff", "enterprise", "person", "department").order_by("pk"):
            cell = overdue[plan.pk]
            if plan.overdue_notice_for != cell.due_on:
                created += _notify_overdue(plan, cell.due_on, cell.last_contact_on)
    return created


@transaction.atomic
def _notify_overdue(plan: LiaisonPlan, due_on: datetime.date,
                    last_contact_on: datetime.date | None) -> int:
    # Claim the due date first: a tick running at the same moment finds it taken.
    claimed = LiaisonPlan.objects.filter(pk=plan.pk).exclude(overdue_notice_for=due_on) \
        .update(overdue_notice_for=due_on)
    if not claimed:
        return 0
    note = (_("Due on %(due)s; last contact on %(last)s.")
            % {"due": due_on.isoformat(), "last": last_contact_on.isoformat()}
            if last_contact_on else _("Due on %(due)s; no contact yet.")
            % {"due": due_on.isoformat()})
    rows = notify(recipients=[plan.staff], verb="liaison.overdue", target=plan,
                  link=reverse("liaison:plan_detail", args=[plan.pk]), note=note)
    return len(rows)
