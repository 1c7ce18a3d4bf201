"""The summary report (总结讲评) from a hand-built season whose figures are known in advance
(see conftest.py): its sentences, its tables, and the same in the docx and the xlsx."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from qinshang.figures.campaigns import CoverageCounts
from qinshang.regions.models import Region
from qinshang.reports.charts import bar_chart_png
from qinshang.reports.docx_writer import write_docx
from qinshang.reports.summary import (
    ChartSeries,
    build_summary,
    cutoff_phrase,
    division_word,
    percent_text,
    summary_sentences,
)
from qinshang.reports.xlsx_writer import write_xlsx

from .conftest import END_OF_FEBRUARY, MID_MARCH, TZ

# Generated a week after the end of February 2014, as the Shandong office wrote it.
IN_2014 = datetime.datetime(2014, 3, 6, 9, 0, tzinfo=TZ)
IN_2026 = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)

FEBRUARY_SENTENCES = (
    "截至2月底，全省台办系统共走访台资企业3家，走访台商6人，发放《征求意见表》6份，收回4份，"
    "召开座谈会1场。",
    "目标企业5家，走访覆盖率60.0%。",
    "共收到台商反馈意见3项，其中2项得到及时解决，尚未解决的1项正在办理。",
)
# 济南市, then 莱芜市 (a city of its own in 2014), then the total.
JINAN_ROW = ("济南市", 4, 2, 2, "50.0%", 5, 5, 3, 2, 1, 1)
LAIWU_ROW = ("莱芜市", 1, 1, 1, "100.0%", 1, 1, 1, 1, 1, 0)
TOTAL_ROW = ("合计", 5, 3, 3, "60.0%", 6, 6, 4, 3, 2, 1)


def region(code: str) -> Region:
    return Region.objects.select_related("parent").get(code=code)


def province_report(season, cutoff=END_OF_FEBRUARY, generated_at=IN_2014):
    return build_summary(season.campaign, region("370000"), cutoff, generated_at=generated_at)


def texts(row) -> tuple:
    return tuple(str(cell) for cell in row)


# --- the sentences ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_province_report_opens_the_way_the_office_wrote_it(season):
    report = province_report(season)

    assert report.sentences == FEBRUARY_SENTENCES
    assert report.title == "《2014台资企业走访季》总结讲评 — 山东省"
    assert dict(report.facts)["截止日期"] == "2014年2月28日"
    assert dict(report.facts)["单位"] == "山东省台办"


@pytest.mark.django_db
def test_a_report_generated_in_a_later_year_names_the_year(season):
    report = province_report(season, generated_at=IN_2026)

    assert report.sentences[0].startswith("截至2014年2月底，全省台办系统共走访台资企业3家")


@pytest.mark.django_db
def test_a_mid_month_cutoff_counts_the_march_visit_and_the_later_resolution(season):
    report = province_report(season, cutoff=MID_MARCH)

    assert report.sentences == (
        "截至3月15日，全省台办系统共走访台资企业4家，走访台商8人，发放《征求意见表》6份，"
        "收回4份，召开座谈会1场。",
        "目标企业5家，走访覆盖率80.0%。",
        "共收到台商反馈意见3项，均已得到及时解决。",
    )


@pytest.mark.django_db
def test_a_county_report_speaks_of_the_district_office(season):
    report = build_summary(season.campaign, region("370102"), MID_MARCH,
                           generated_at=IN_2014)

    assert report.title == "《2014台资企业走访季》总结讲评 — 济南市历下区"
    assert report.sentences == (
        "截至3月15日，全区台办共走访台资企业1家，走访台商3人，发放《征求意见表》3份，收回2份。",
        "目标企业2家，走访覆盖率50.0%。",
        "共收到台商反馈意见1项，均已得到及时解决。",
    )
    # A county has no children: the table is its own single row.
    assert [texts(row) for row in report.divisions.rows] == [
        ("历下区", "2", "1", "1", "50.0%", "3", "3", "2", "1", "1", "0")]
    assert report.divisions.total is None


@pytest.mark.parametrize(("cutoff", "today", "phrase"), [
    (datetime.date(2014, 2, 28), datetime.date(2014, 3, 6), "2月底"),
    (datetime.date(2016, 2, 29), datetime.date(2016, 3, 1), "2月底"),      # leap year
    (datetime.date(2016, 2, 28), datetime.date(2016, 3, 1), "2月28日"),
    (datetime.date(2014, 12, 31), datetime.date(2014, 12, 31), "12月底"),
    (datetime.date(2014, 3, 15), datetime.date(2014, 3, 20), "3月15日"),
    (datetime.date(2014, 12, 31), datetime.date(2015, 1, 5), "2014年12月底"),
    (datetime.date(2014, 3, 15), datetime.date(2026, 11, 20), "2014年3月15日"),
])
def test_the_cutoff_as_the_offices_say_it(cutoff, today, phrase):
    assert cutoff_phrase(cutoff, today) == phrase


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "word"), [
    ("370000", "全省"), ("110000", "全市"), ("450000", "全区"),
    ("370100", "全市"), ("222400", "全州"), ("152200", "全盟"), ("232700", "全地区"),
    ("370102", "全区"), ("370124", "全县"), ("370781", "全市"), ("150723", "全旗"),
])
def test_the_word_for_the_whole_division(divisions, code, word):
    assert division_word(region(code)) == word


@pytest.mark.django_db
def test_parts_with_nothing_to_count_are_left_out(divisions):
    visits_only = CoverageCounts(targets=0, enterprises_visited=12, people_met=15)
    assert summary_sentences(region=region("370124"), cutoff=datetime.date(2015, 11, 30),
                             counts=visits_only, form_title="征求意见表",
                             today=datetime.date(2015, 12, 18)) == [
        "截至11月底，全县台办共走访台资企业12家，走访台商15人。"]

    unresolved = CoverageCounts(targets=4, distributed=3, appeals_raised=2)
    assert summary_sentences(region=region("370100"), cutoff=datetime.date(2015, 11, 20),
                             counts=unresolved, form_title="征求意见函",
                             today=datetime.date(2015, 12, 18)) == [
        "截至11月20日，全市台办系统共发放《征求意见函》3份。",
        "目标企业4家，走访覆盖率0.0%。",
        "共收到台商反馈意见2项，正在办理。"]

    assert summary_sentences(region=region("370102"), cutoff=datetime.date(2015, 11, 20),
                             counts=CoverageCounts(), form_title="征求意见表",
                             today=datetime.date(2015, 12, 18)) == [
        "截至11月20日，全区台办尚无走访记录。"]


def test_the_seed_figures_read_as_in_the_seeds(db, divisions):
    shandong = CoverageCounts(enterprises_visited=2100, people_met=2091, distributed=2165)
    assert summary_sentences(region=region("370000"), cutoff=datetime.date(2014, 2, 28),
                             counts=shandong, form_title="征求意见表",
                             today=datetime.date(2014, 3, 6)) == [
        "截至2月底，全省台办系统共走访台资企业2100家，走访台商2091人，发放《征求意见表》2165份。"]
    jiangxi = CoverageCounts(enterprises_visited=2000, symposiums=122, appeals_raised=161,
                             appeals_resolved=159)
    assert summary_sentences(region=region("360000"), cutoff=datetime.date(2015, 12, 6),
                             counts=jiangxi, form_title="征求意见函",
                             today=datetime.date(2015, 12, 18))[1] == (
        "共收到台商反馈意见161项，其中159项得到及时解决，尚未解决的2项正在办理。")


@pytest.mark.parametrize(("part", "whole", "text"), [
    (3, 5, "60.0%"), (2, 3, "66.7%"), (1, 16, "6.3%"), (1, 8, "12.5%"), (5, 5, "100.0%"),
    (0, 5, "0.0%"), (0, 0, None),
])
def test_rates_have_one_decimal_rounded_half_up(part, whole, text):
    assert percent_text(part, whole) == text


# --- the tables ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_2014_province_table_lists_laiwu_as_a_city(season):
    report = province_report(season)

    rows = {row[0]: texts(row) for row in report.divisions.rows}
    assert len(rows) == 17  # the 17 cities of 2014
    assert rows["济南市"] == JINAN_ROW[:1] + tuple(str(v) for v in JINAN_ROW[1:])
    assert rows["莱芜市"] == LAIWU_ROW[:1] + tuple(str(v) for v in LAIWU_ROW[1:])
    assert rows["青岛市"] == ("青岛市", "0", "0", "0", "—", "0", "0", "0", "0", "0", "0")
    assert texts(report.divisions.total) == texts(TOTAL_ROW)


@pytest.mark.django_db
def test_the_2014_jinan_table_is_by_county_without_laiwu(season):
    report = build_summary(season.campaign, region("370100"), END_OF_FEBRUARY,
                           generated_at=IN_2014)

    rows = {row[0]: texts(row) for row in report.divisions.rows}
    assert rows["历下区"] == ("历下区", "2", "1", "1", "50.0%", "3", "3", "2", "1", "1", "0")
    assert rows["市中区"] == ("市中区", "2", "1", "1", "50.0%", "2", "2", "1", "1", "0", "0")
    # The symposium held at the city itself is the city's own row.
    assert rows["市本级"][-1] == "1"
    assert "莱芜区" not in rows
    assert texts(report.divisions.total) == ("合计", "4", "2", "2", "50.0%", "5", "5", "3", "2",
                                              "1", "1")
    assert report.sentences[0] == ("截至2月底，全市台办系统共走访台资企业2家，走访台商5人，"
                                   "发放《征求意见表》5份，收回3份，召开座谈会1场。")


@pytest.mark.django_db
def test_appeals_by_category_phases_and_teams(season):
    report = province_report(season)

    assert [texts(row) for row in report.appeals.rows] == [("融资", "2", "1", "50.0%"),
                                                          ("用工", "1", "1", "100.0%")]
    assert texts(report.appeals.total) == ("合计", "3", "2", "66.7%")
    # Only the first phase had begun by the cut-off.
    assert [texts(row) for row in report.phases.rows] == [
        ("全面走访、征求意见、建立联系", "2014-01-06至2014-02-28", "4", "3", "3", "6")]
    assert report.teams.headers[-1] == "“1+2+6”要求"
    assert [texts(row) for row in report.teams.rows] == [
        ("省台办第一走访组", "济南市", "山东省台办", "2", "2", "2", "1", "未达标（企业2/6）")]


# --- the files ----------------------------------------------------------------------------------

def docx_of(report) -> Document:
    handle = io.BytesIO()
    write_docx(report, handle)
    handle.seek(0)
    return Document(handle)


def workbook_of(report):
    handle = io.BytesIO()
    write_xlsx(report, handle)
    handle.seek(0)
    return load_workbook(handle)


def table_rows(table) -> list[tuple[str, ...]]:
    return [tuple(cell.text for cell in row.cells) for row in table.rows]


@pytest.mark.django_db
def test_the_docx_holds_the_sentences_the_tables_and_the_chart(season):
    document = docx_of(province_report(season))

    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "《2014台资企业走访季》总结讲评 — 山东省"
    assert "".join(FEBRUARY_SENTENCES) in paragraphs
    divisions, categories, phases, teams = document.tables
    rows = table_rows(divisions)
    assert rows[0][:2] == ("地区", "目标企业\n（家）")
    assert texts(JINAN_ROW) in rows
    assert texts(LAIWU_ROW) in rows
    assert rows[-1] == texts(TOTAL_ROW)
    assert table_rows(categories)[1:] == [("融资", "2", "1", "50.0%"),
                                          ("用工", "1", "1", "100.0%"),
                                          ("合计", "3", "2", "66.7%")]
    assert table_rows(phases)[1][0] == "全面走访、征求意见、建立联系"
    assert table_rows(teams)[1][-1] == "未达标（企业2/6）"
    assert len(document.inline_shapes) == 1  # the chart
    assert document.sections[0].page_width == pytest.approx(7560000, rel=0.001)  # A4


@pytest.mark.django_db
def test_the_docx_names_a_chinese_font_for_east_asian_text(season):
    document = docx_of(province_report(season))

    sentences = next(p for p in document.paragraphs if p.text.startswith("截至"))
    fonts = sentences.runs[0]._r.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer  # page numbers


@pytest.mark.django_db
def test_the_xlsx_holds_the_same_sentences_and_cells_and_a_chart(season):
    workbook = workbook_of(province_report(season))

    assert workbook.sheetnames == ["总结", "分类", "阶段与走访组"]
    summary = workbook["总结"]
    values = [[cell.value for cell in row] for row in summary.iter_rows()]
    column_a = [row[0] for row in values]
    assert column_a[0] == "《2014台资企业走访季》总结讲评 — 山东省"
    for sentence in FEBRUARY_SENTENCES:
        assert sentence in column_a
    rows = {row[0]: row for row in values if row[0] in ("济南市", "莱芜市", "合计")}
    assert rows["济南市"][:4] == ["济南市", 4, 2, 2]
    assert rows["济南市"][4] == pytest.approx(0.5)
    assert rows["莱芜市"][5:] == [1, 1, 1, 1, 1, 0]
    assert rows["合计"][1:4] == [5, 3, 3]
    assert rows["合计"][4] == pytest.approx(0.6)
    rate_cell = next(row for row in summary.iter_rows() if row[0].value == "合计")[4]
    assert rate_cell.number_format == "0.0%"
    assert len(summary._charts) == 1

    categories = [[cell.value for cell in row] for row in workbook["分类"].iter_rows()]
    assert ["融资", 2, 1, 0.5] in categories
    assert categories[-1][:3] == ["合计", 3, 2]
    phases_and_teams = [row[0].value for row in workbook["阶段与走访组"].iter_rows()]
    assert "全面走访、征求意见、建立联系" in phases_and_teams
    assert "省台办第一走访组" in phases_and_teams


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_is_written_as_text(season):
    season.campaign.teams.update(name="=SUM(1,1)")
    workbook = workbook_of(province_report(season))

    names = [row[0].value for row in workbook["阶段与走访组"].iter_rows()]
    assert "'=SUM(1,1)" in names


# --- the chart ----------------------------------------------------------------------------------

SERIES = ChartSeries(title="各地目标企业走访情况", names=("济南市", "莱芜市"), targets=(4, 1),
                     visited=(2, 1))


def test_the_chart_is_a_png():
    assert bar_chart_png(SERIES).startswith(b"\x89PNG")


def test_without_a_cjk_font_the_chart_is_still_drawn_and_a_warning_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="qinshang.reports.charts"):
        png = bar_chart_png(SERIES, font=None)

    assert png.startswith(b"\x89PNG")
    assert "No CJK font" in caplog.text
