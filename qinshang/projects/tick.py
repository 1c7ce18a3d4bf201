"""Stalled projects in ``qinshang tick``: a project with no progress for
``QINSHANG_PROJECT_STALL_MONTHS`` months (6 unless set), neither producing nor cancelled, is
flagged once — a "stalled" stage row, ``stalled_since`` and a notification to its office's
staff. Any later progress clears the flag (``project_stage_record``); a new stall flags it
again."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.appeals.services import office_staff
from qinshang.events.services import event_record
from qinshang.notifications.services import notify
from qinshang.projects.models import Project, ProjectStage, StageKind

DEFAULT_STALL_MONTHS = 6


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def stall_months() -> int:
    return getattr(settings, "QINSHANG_PROJECT_STALL_MONTHS", DEFAULT_STALL_MONTHS)


def stalled_candidates(today: datetime.date):
    """Projects whose last progress is older than the stall period, still on their way."""
    return Project.objects.filter(
        last_progress_on__lt=months_before(today, stall_months()), stalled_since__isnull=True,
        production_started_on__isnull=True, cancelled_on__isnull=True)


def projects_flag_stalled(now: datetime.datetime) -> int:
    """Flag the stalled projects not yet flagged; returns how many were flagged."""
    today = timezone.localdate(now)
    flagged = 0
    for project in stalled_candidates(today).select_related("office").order_by("pk"):
        flagged += _flag(project, today, now)
    return flagged


@transaction.atomic
def _flag(project: Project, today: datetime.date, now: datetime.datetime) -> int:
    # Claim the project first: a tick running at the same moment finds it taken.
    claimed = Project.objects.filter(pk=project.pk, stalled_since__isnull=True) \
        .update(stalled_since=today)
    if not claimed:
        return 0
    months = stall_months()
    note = _("No progress since %(day)s (%(months)d months or more).") % {
        "day": project.last_progress_on.isoformat(), "months": months}
    ProjectStage.objects.create(project=project, kind=StageKind.STALLED, happened_on=today,
                                note=note, region_id=project.region_id, recorded_at=now)
    event_record(actor=None, verb="project.stalled", target=project,
                 region_code=project.region_id,
                 changes={"stage": StageKind.STALLED, "happened_on": today,
                          "last_progress_on": project.last_progress_on}, note=note, at=now)
    notify(recipients=office_staff(project.office), verb="project.stalled", target=project,
           link=reverse("projects:detail", args=[project.pk]), note=note)
    return 1
