"""A campaign's coverage as an xlsx workbook: the rows by division with their total, the phases,
the teams with their quotas, the targets not yet visited, and what the figures are about."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from qinshang.campaigns.models import Target
from qinshang.core.spreadsheets import Column, Table, workbook_response, write_tables
from qinshang.figures.campaigns import (
    Coverage,
    CoverageCounts,
    CoverageRow,
    PhaseCounts,
    TeamCounts,
)

PERCENT = "0.0%"


@dataclass(frozen=True)
class CoverageSheets:
    figures: Coverage
    phases: list[PhaseCounts]
    teams: list[TeamCounts]
    quotas: list[tuple[str, str, int]]  # (key, label, needed) as on the page
    not_visited: Iterable[Target]


@dataclass(frozen=True)
class DivisionLine:
    name: str
    code: str
    counts: CoverageCounts


def _count_columns() -> list[Column]:
    return [
        (_("Targets"), lambda line: line.counts.targets),
        (_("Targets visited"), lambda line: line.counts.targets_visited),
        (_("Coverage rate"), lambda line: line.counts.coverage_rate),
        (_("Enterprises visited"), lambda line: line.counts.enterprises_visited),
        (_("Visits"), lambda line: line.counts.visits),
        (_("Taiwan business people met"), lambda line: line.counts.people_met),
        (_("Copies distributed"), lambda line: line.counts.distributed),
        (_("Copies returned"), lambda line: line.counts.returned),
        (_("Return rate"), lambda line: line.counts.return_rate),
        (_("Appeals raised"), lambda line: line.counts.appeals_raised),
        (_("Appeals resolved"), lambda line: line.counts.appeals_resolved),
        (_("Resolution rate"), lambda line: line.counts.resolution_rate),
        (_("Symposiums"), lambda line: line.counts.symposiums),
    ]


def row_name(row: CoverageRow) -> str:
    """A child division's name; the division's own row (市本级) says so."""
    if row.own:
        return _("%(name)s (own level)") % {"name": row.region.name}
    return row.region.name


def _division_lines(figures: Coverage) -> Iterator[DivisionLine]:
    for row in figures.rows:
        yield DivisionLine(row_name(row), row.region.code, row.counts)
    yield DivisionLine(_("Total"), figures.region.code, figures.total)


def _divisions(figures: Coverage) -> Table:
    columns = [(_("Division"), lambda line: line.name), (_("Code"), lambda line: line.code),
               *_count_columns()]
    rates = (_("Coverage rate"), _("Return rate"), _("Resolution rate"))
    return Table(_("By division"), columns, _division_lines(figures),
                 formats=dict.fromkeys(rates, PERCENT))


def _phases(phases: list[PhaseCounts]) -> Table:
    return Table(_("Phases"), [
        (_("Phase"), lambda phase: phase.name),
        (_("Starts"), lambda phase: phase.starts_on),
        (_("Ends"), lambda phase: phase.ends_on),
        (_("Visits"), lambda phase: phase.visits),
        (_("Enterprises visited"), lambda phase: phase.enterprises_visited),
        (_("Targets visited"), lambda phase: phase.targets_visited),
        (_("Taiwan business people met"), lambda phase: phase.people_met),
    ], phases)


def _quota_value(index: int) -> Callable[[TeamCounts], int]:
    return lambda team: team.quotas[index][2]


def _teams(teams: list[TeamCounts], quotas: list[tuple[str, str, int]]) -> Table:
    columns: list[Column] = [
        (_("Team"), lambda team: team.team.name),
        (_("Area"), lambda team: team.team.area.name),
        (_("Office"), lambda team: team.team.office.name),
        (_("Visits"), lambda team: team.visits),
        (_("Enterprises visited"), lambda team: team.enterprises_visited),
        (_("Counties visited"), lambda team: team.counties_visited),
        (_("Symposiums"), lambda team: team.symposiums),
    ]
    # What each quota asks and what the team did, in the rule's order (as in team.quotas).
    for index, (_key, label, needed) in enumerate(quotas):
        columns.append((_("%(quota)s: done of %(needed)d") % {"quota": label, "needed": needed},
                        _quota_value(index)))
    if quotas:
        rule = "+".join(str(needed) for _key, _label, needed in quotas)
        columns.append((_("Quotas %(rule)s") % {"rule": rule},
                        lambda team: _("met") if team.meets_quotas else _("not met")))
    return Table(_("Teams"), columns, teams)


def _not_visited(targets: Iterable[Target]) -> Table:
    return Table(_("Targets not visited"), [
        (_("Enterprise"), lambda target: target.enterprise.name),
        (_("Unified social credit code"), lambda target: target.enterprise.credit_code),
        (_("City"), lambda target: target.region.parent.name if target.region.parent else ""),
        (_("County"), lambda target: target.region.name),
        (_("Liaison officer"), lambda target: str(target.enterprise.liaison_officer or "")),
    ], targets)


def _about(figures: Coverage) -> Table:
    facts: list[tuple[str, Any]] = [
        (_("Campaign"), figures.campaign.name),
        (_("Division"), figures.region.name),
        (_("Campaign period"), f"{figures.campaign.starts_on} – {figures.campaign.ends_on}"),
        (_("Cut-off date"), figures.cutoff),
        (_("Visits counted"), f"{figures.first_day} – {figures.last_day}"),
        (_("Computed at"), timezone.localtime().replace(tzinfo=None, microsecond=0)),
        (_("Note"), _("An enterprise visited twice counts once; visits count when made to an "
                      "enterprise of the division within the campaign's days up to the "
                      "cut-off. Rates are empty when nothing is counted in them.")),
    ]
    return Table(_("About"), [(_("Item"), lambda fact: fact[0]),
                              (_("Value"), lambda fact: fact[1])], facts)


def coverage_workbook_response(sheets: CoverageSheets) -> FileResponse:
    figures = sheets.figures
    tables = [_divisions(figures), _phases(sheets.phases), _teams(sheets.teams, sheets.quotas),
              _not_visited(sheets.not_visited), _about(figures)]
    return workbook_response(
        lambda handle: write_tables(handle, tables),
        f"campaign-{figures.campaign.pk}-coverage-{figures.region.code}-"
        f"{figures.cutoff:%Y%m%d}.xlsx")
