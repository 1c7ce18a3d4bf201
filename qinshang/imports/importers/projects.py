"""Investment projects and their fund arrivals from a spreadsheet (issue #6 point 2).

Projects: one row per signed project (项目名称, 投资方, 行政区划代码, 行业代码, 合同投资额（元）,
签约日期; optional 投资方来源, 签约活动, 统一社会信用代码 of the registered enterprise, 备注).
Fund arrivals: one row per arrival, the project named by the number its page and the list show
(项目编号 — unambiguous where names repeat), its name optionally checked (项目名称).

Every row is checked here as the services would check it; the writers then go through
``project_create`` and ``project_stage_record``, all in the import's one transaction, so a
refusal at write time still leaves nothing written."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinshang.enterprises.models import INDUSTRY_DIVISION_CHOICES, Enterprise
from qinshang.imports.importers.base import (
    CREDIT_CODE,
    Column,
    Importer,
    cell_text,
    normal_credit_code,
    title_key,
    word_map,
)
from qinshang.imports.models import ImportKind
from qinshang.imports.readers import Row
from qinshang.projects.models import Project, StageKind
from qinshang.regions.models import HONG_KONG, MACAO, TAIWAN, Region

MAX_AMOUNT = Decimal("99999999999999.99")
ORIGINS = word_map({TAIWAN: ("台湾", "臺灣", "Taiwan"), HONG_KONG: ("香港", "Hong Kong"),
                    MACAO: ("澳门", "澳門", "Macao", "Macau")})
INDUSTRIES = {code for code, _label in INDUSTRY_DIVISION_CHOICES}


def parse_amount(value: Any) -> Decimal | None:
    """Yuan as Decimal from a number cell or text (thousands separators allowed); never via a
    float's binary digits: a number cell is read through its shortest decimal text."""
    if isinstance(value, bool) or value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def amount_problem(amount: Decimal | None) -> str:
    if amount is None:
        return _("Write the amount in yuan as a number, e.g. 1250000.00.")
    if amount <= 0:
        return _("The amount must be more than zero.")
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        return _("Write the amount in yuan with at most two decimals.")
    return ""


# --- projects ------------------------------------------------------------------------------------

@dataclass
class ProjectRecord:
    row: int
    data: dict[str, Any]
    signing_event: Any


class ProjectImporter(Importer):
    kind = ImportKind.PROJECTS
    columns = (
        Column("name", "项目名称", gettext_lazy("The project's name."),
               aliases=("project", "name"), example="精密轴承扩产项目"),
        Column("investor", "投资方", gettext_lazy("The Taiwan, Hong Kong or Macao parent that "
                                               "invests."),
               aliases=("investor",), example="台湾精密工业股份有限公司"),
        Column("origin", "投资方来源", gettext_lazy("台湾, 香港 or 澳门; empty: 台湾."),
               required=False, aliases=("origin",), example="台湾"),
        Column("region", "行政区划代码", gettext_lazy(
            "The six-digit code of the county (or city) the project is in, within your "
            "jurisdiction."), aliases=("division code", "region"), example="370102"),
        Column("industry", "行业代码", gettext_lazy(
            "The two-digit GB/T 4754 division of the industry."),
               aliases=("industry",), example="34"),
        Column("amount", "合同投资额（元）", gettext_lazy(
            "The contracted investment in yuan, more than zero."),
               aliases=("contracted investment", "amount"), example="80000000.00"),
        Column("signed_on", "签约日期", gettext_lazy("The signing date, e.g. 2025-09-12."),
               aliases=("signed on",), example="2025-09-12"),
        Column("event", "签约活动", gettext_lazy(
            "Optional: the title of the trade fair, forum or delegation it was signed at, as "
            "the system lists it."), required=False, aliases=("signed at", "event"),
               example="第三十一届鲁台经贸洽谈会"),
        Column(CREDIT_CODE.key, CREDIT_CODE.title, gettext_lazy(
            "Optional: the credit code of the local enterprise, once registered."),
               required=False, aliases=CREDIT_CODE.aliases, example=CREDIT_CODE.example),
        Column("notes", "备注", gettext_lazy("Optional notes."), required=False,
               aliases=("notes",)),
    )

    def __init__(self, *, actor, campaign=None, survey=None, at=None) -> None:
        super().__init__(actor=actor, campaign=campaign, survey=survey, at=at)
        from qinshang.projects.selectors import signing_events_to_pick

        self.events = {title_key(event.title): event
                       for event in signing_events_to_pick(actor).order_by("held_on", "id")}

    def check_rows(self, rows: Sequence[Row]) -> None:
        codes = {cell_text(self.value(values, "region")) for _row, values in rows}
        regions = Region.objects.in_bulk([code for code in codes if len(code) == 6])
        credit_codes = {normal_credit_code(self.value(values, "credit_code"))
                        for _row, values in rows} - {""}
        enterprises = {e.credit_code: e for e in Enterprise.objects.filter(
            credit_code__in=credit_codes)}
        for row, values in rows:
            record = self.check_row(row, values, regions, enterprises)
            if record is not None:
                self.records.append(record)

    def text(self, row: int, values: tuple, key: str, limit: int) -> str | None:
        text = cell_text(self.value(values, key))
        if not text:
            self.problem(row, key, values, _("This column must be filled in."))
            return None
        if len(text) > limit:
            self.problem(row, key, values, _("At most %(limit)d characters.") % {"limit": limit})
            return None
        return text

    def check_row(self, row: int, values: tuple, regions: dict[str, Region],
                  enterprises: dict[str, Enterprise]) -> ProjectRecord | None:
        before = len(self.problems)
        name = self.text(row, values, "name", 200)
        investor = self.text(row, values, "investor", 200)
        origin_text = cell_text(self.value(values, "origin"))
        origin = ORIGINS.get(title_key(origin_text)) if origin_text else TAIWAN
        if origin is None:
            self.problem(row, "origin", values, _("Write 台湾, 香港 or 澳门."))
        region = regions.get(cell_text(self.value(values, "region")))
        if region is None or not self.principal.covers(region.code, write=True):
            # Out of reach answers like unknown, so a file cannot probe other counties.
            self.problem(row, "region", values, _("No division of your jurisdiction has this "
                                                  "code."))
            region = None
        industry = cell_text(self.value(values, "industry")).zfill(2)
        if industry not in INDUSTRIES:
            self.problem(row, "industry", values, _("Not a GB/T 4754 division code."))
        amount = parse_amount(self.value(values, "amount"))
        if message := amount_problem(amount):
            self.problem(row, "amount", values, message)
        signed_on = self.date(row, values, "signed_on")
        event = None
        if title := cell_text(self.value(values, "event")):
            event = self.events.get(title_key(title))
            if event is None:
                self.problem(row, "event", values, _(
                    "No trade fair, forum or delegation you can see has this title."))
        enterprise = self.enterprise_of(row, values, enterprises, region)
        if len(self.problems) > before:
            return None
        first = self.duplicate(row, (title_key(name), signed_on))
        if first is not None:
            self.problem(row, "name", values, _("The same project and signing date are already "
                                                "in row %(row)d.") % {"row": first})
            return None
        return ProjectRecord(row, {
            "name": name, "investor": investor, "investor_origin": origin, "region": region,
            "industry": industry, "contracted_investment": amount, "signed_on": signed_on,
            "enterprise": enterprise, "notes": cell_text(self.value(values, "notes"))}, event)

    def enterprise_of(self, row: int, values: tuple, enterprises: dict[str, Enterprise],
                      region: Region | None) -> Enterprise | None:
        code = normal_credit_code(self.value(values, "credit_code"))
        if not code:
            return None
        enterprise = enterprises.get(code)
        if enterprise is None or not self.principal.covers(enterprise.region_id, write=True):
            self.problem(row, "credit_code", values,
                         _("No enterprise in your jurisdiction has this credit code."))
            return None
        if region is not None and not region.contains(enterprise.region_id):
            self.problem(row, "credit_code", values, _(
                "The enterprise is registered outside the project's division."))
            return None
        return enterprise


# --- fund arrivals -------------------------------------------------------------------------------

@dataclass
class ArrivalRecord:
    row: int
    project_id: int
    happened_on: datetime.date
    amount: Decimal
    note: str


class FundArrivalImporter(Importer):
    kind = ImportKind.FUND_ARRIVALS
    columns = (
        Column("number", "项目编号", gettext_lazy(
            "The project's number, as its page and the project list show it."),
               aliases=("project number", "number"), example="1024"),
        Column("name", "项目名称", gettext_lazy("Optional: the project's name, checked against "
                                             "the number."),
               required=False, aliases=("project", "name"), example="精密轴承扩产项目"),
        Column("happened_on", "到位日期", gettext_lazy(
            "The day the funds arrived: not before the signing, not in the future."),
               aliases=("arrived on", "date"), example="2026-03-02"),
        Column("amount", "到位金额（元）", gettext_lazy("The amount that arrived that day, in "
                                                  "yuan."),
               aliases=("amount",), example="5000000.00"),
        Column("note", "备注", gettext_lazy("Optional note."), required=False,
               aliases=("note",)),
    )

    def __init__(self, *, actor, campaign=None, survey=None, at=None) -> None:
        super().__init__(actor=actor, campaign=campaign, survey=survey, at=at)

    def check_rows(self, rows: Sequence[Row]) -> None:
        from qinshang.access import writable

        numbers = {cell_text(self.value(values, "number")) for _row, values in rows}
        projects = writable(self.actor, Project).in_bulk(
            [int(number) for number in numbers if number.isdigit()])
        for row, values in rows:
            record = self.check_row(row, values, projects)
            if record is not None:
                self.records.append(record)

    def check_row(self, row: int, values: tuple,
                  projects: dict[int, Project]) -> ArrivalRecord | None:
        before = len(self.problems)
        number = cell_text(self.value(values, "number"))
        project = projects.get(int(number)) if number.isdigit() else None
        if project is None:
            self.problem(row, "number", values,
                         _("No project you may record for has this number."))
        name = cell_text(self.value(values, "name"))
        if project is not None and name and title_key(name) != title_key(project.name):
            self.problem(row, "name", values, _("Project %(number)s is called %(name)s.")
                         % {"number": project.pk, "name": project.name})
        if project is not None and project.cancelled_on is not None:
            self.problem(row, "number", values, _(
                "The project was cancelled on %(day)s: no stage can follow.")
                % {"day": project.cancelled_on.isoformat()})
        happened_on = self.date(row, values, "happened_on")
        if project is not None and happened_on is not None and happened_on < project.signed_on:
            self.problem(row, "happened_on", values, _(
                "The project was signed on %(day)s: a stage cannot come before it.")
                % {"day": project.signed_on.isoformat()})
        amount = parse_amount(self.value(values, "amount"))
        if message := amount_problem(amount):
            self.problem(row, "amount", values, message)
        if len(self.problems) > before:
            return None
        return ArrivalRecord(row, project.pk, happened_on, amount,
                             cell_text(self.value(values, "note"))[:500])


# --- the writers ---------------------------------------------------------------------------------

def write_projects(job, importer: ProjectImporter, at) -> int:
    from qinshang.projects.services import project_create

    for record in importer.records:
        project_create(actor=job.actor, data=record.data, signing_event=record.signing_event,
                       at=at)
    return len(importer.records)


def write_fund_arrivals(job, importer: FundArrivalImporter, at) -> int:
    from qinshang.projects.services import project_stage_record

    projects = Project.objects.in_bulk([record.project_id for record in importer.records])
    for record in importer.records:
        project_stage_record(actor=job.actor, project=projects[record.project_id],
                             kind=StageKind.FUNDS, happened_on=record.happened_on,
                             amount=record.amount, note=record.note, at=at)
    return len(importer.records)
