"""Liaison plans with their standing, and the contact log, as xlsx workbooks
(qinshang.core.spreadsheets)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _

from qinshang.core.spreadsheets import Column, workbook_response, write_table
from qinshang.liaison.models import Contact
from qinshang.liaison.selectors import PlanStanding
from qinshang.liaison.templatetags.liaison import counterpart_kind, how, how_often, standing_label

CHUNK = 2000


def plan_columns() -> list[Column]:
    """Who, with whom, how often and how: the columns every table of plans starts with."""
    return [
        (_("Office"), lambda row: row.plan.office.name),
        (_("Who"), lambda row: str(row.plan.staff)),
        (_("Counterpart"), lambda row: counterpart_kind(row.plan)),
        (_("Name"), lambda row: str(row.plan.counterpart)),
        (_("How often"), lambda row: how_often(row.plan)),
        (_("How"), lambda row: how(row.plan)),
        (_("What about"), lambda row: row.plan.purpose),
    ]


def standing_columns() -> list[Column]:
    return [
        (_("Last contact"), lambda row: row.last_contact_on),
        (_("Next due"), lambda row: row.due_on),
        (_("Standing"), lambda row: standing_label(row.standing)),
    ]


def plans_workbook_response(rows: Sequence[PlanStanding], on: datetime.date) -> FileResponse:
    columns = [*plan_columns(),
               (_("From"), lambda row: row.plan.starts_on),
               (_("Until"), lambda row: row.plan.ends_on),
               *standing_columns()]
    return workbook_response(
        lambda handle: write_table(handle, _("Liaison plans"), columns, rows),
        f"liaison-plans-{on.isoformat()}.xlsx")


def _contact_columns() -> list[Column]:
    return [
        (_("Date"), lambda c: c.contacted_on),
        (_("Who"), lambda c: str(c.staff)),
        (_("Counterpart"), lambda c: counterpart_kind(c)),
        (_("Name"), lambda c: str(c.counterpart)),
        (_("How"), lambda c: c.get_method_display()),
        (_("What was discussed"), lambda c: c.content),
        (_("Outcome"), lambda c: c.outcome),
        (_("Appeals raised"), lambda c: c.appeal_count),
    ]


def contacts_workbook_response(contacts: QuerySet[Contact]) -> FileResponse:
    return workbook_response(
        lambda handle: write_table(handle, _("Contacts"), _contact_columns(),
                                   contacts.iterator(chunk_size=CHUNK)),
        "liaison-contacts.xlsx")
