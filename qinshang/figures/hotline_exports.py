"""The hotline ranking as an xlsx workbook: the lines ranked, by division, by office; rates as
numbers in % format."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qinshang.core.spreadsheets import Table, workbook_response, write_tables
from qinshang.figures.hotlines import SCORES, AreaRow, Band, CallCounts, LineFigures

PERCENT = "0.0%"
ONE_DECIMAL = "0.0"


def _score_titles() -> dict[str, str]:
    return {"courtesy": _("Courtesy"), "knowledge": _("Knowledge of the business"),
            "ownership": _("First-contact ownership"), "accuracy": _("Accuracy of the answer")}


def _count_columns(counts) -> list:
    """The figures of a row, given how to reach its CallCounts."""
    titles = _score_titles()
    return [
        (_("Calls made"), lambda row: counts(row).made),
        (pgettext("test call", "Answered"), lambda row: counts(row).answered),
        (_("Connection rate"), lambda row: counts(row).connection_rate),
        (_("Mean seconds to answer"), lambda row: counts(row).mean_seconds),
        (_("Mean score"), lambda row: counts(row).mean_overall),
        *[(titles[name], lambda row, name=name: counts(row).mean_score(name))
          for name in SCORES],
        (_("Outside the line's hours (not counted)"), lambda row: counts(row).outside_hours),
    ]


def _formats() -> dict[str, str]:
    titles = _score_titles()
    return {_("Connection rate"): PERCENT, _("Mean seconds to answer"): ONE_DECIMAL,
            _("Mean score"): ONE_DECIMAL, **{titles[name]: ONE_DECIMAL for name in SCORES}}


def _line_counts(row: LineFigures) -> CallCounts:
    return row.counts


def _area_counts(row: AreaRow) -> CallCounts:
    return row.counts


def ranking_workbook_response(ranking) -> FileResponse:
    line_columns = [
        (_("Rank"), lambda row: row.rank),
        (_("Phone number"), lambda row: row.hotline.number),
        (_("Answering office"), lambda row: row.hotline.office.name),
        (_("Division code"), lambda row: row.hotline.region_id),
        (pgettext("hotline", "Purpose"), lambda row: row.hotline.purpose),
        *_count_columns(_line_counts),
        (_("Band"), lambda row: row.counts.band.label),
    ]
    area_columns = [
        (_("Name"), lambda row: row.name),
        (_("Lines"), lambda row: row.lines),
        *_count_columns(_area_counts),
        *[(band.label, lambda row, band=band: row.bands[band]) for band in Band],
    ]
    whole = ranking.total
    whole.name = _("Total")
    tables = [
        Table(_("Ranking"), line_columns, ranking.lines, _formats()),
        Table(_("By division"), area_columns, [*ranking.divisions, whole], _formats()),
        Table(_("By office"), area_columns, [*ranking.offices, whole], _formats()),
    ]
    code = ranking.query.region.code if ranking.query.region is not None else "all"
    return workbook_response(lambda handle: write_tables(handle, tables),
                             f"hotline-ranking-{code}.xlsx")
