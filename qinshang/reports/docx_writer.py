"""The summary report as a Word document (python-docx): A4, a title, the facts, the opening
sentences, the tables under numbered headings, the chart, page numbers in the footer.

Word picks a run's font for Chinese characters from ``w:eastAsia`` (python-docx's ``font.name``
sets only the Latin ones), and a theme font attribute would win over a named one, so every run
and style gets its four font attributes set here and its theme attributes removed.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from qinshang.reports.charts import bar_chart_png
from qinshang.reports.summary import Cell, SummaryReport, Table

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

LATIN_FONT = "Times New Roman"
BODY_FONT, HEADING_FONT, TABLE_FONT = "仿宋", "黑体", "宋体"
BODY_SIZE, TABLE_SIZE, HEADER_SIZE = Pt(14), Pt(9), Pt(8)
CELL_PADDING = Mm(1)
HEADER_SHADING = "D9D9D9"
CHINESE_NUMERALS = "一二三四五六七八九十"
TEXT_WIDTH = Mm(170)  # A4 less the side margins
CHART_WIDTH = TEXT_WIDTH


def set_fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run or style element (anything with get_or_add_rPr)."""
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _add_run(paragraph, text: str, *, font: str = BODY_FONT, size=BODY_SIZE,
             bold: bool = False):
    run = paragraph.add_run(text)
    set_fonts(run._r, font)
    run.font.size = size
    run.bold = bold
    return run


def _prepare_styles(document) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal.element, BODY_FONT)
    normal.font.size = BODY_SIZE
    language = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    language.append(lang)
    heading = document.styles["Heading 2"]
    set_fonts(heading.element, HEADING_FONT)
    heading.font.size = Pt(15)
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    # The template's theme colour would win over the black set above.
    heading.element.rPr.color.attrib.pop(qn("w:themeColor"), None)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)


def _a4(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(28)
    section.left_margin, section.right_margin = Mm(20), Mm(20)


def _page_number_footer(document) -> None:
    """"— 1 —" centred in the footer: a PAGE field that Word and LibreOffice fill in."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_run(paragraph, "— ", size=Pt(10))
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"),
                       ("end", None)):
        run = _add_run(paragraph, "", size=Pt(10))
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._r.append(instruction)
        else:
            run.text = text
    _add_run(paragraph, " —", size=Pt(10))


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _fill_row(row, cells: tuple[Cell, ...], numeric: tuple[bool, ...], *,
              bold: bool = False) -> None:
    for cell, value, is_number in zip(row.cells, cells, numeric, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if is_number else WD_ALIGN_PARAGRAPH.LEFT
        _add_run(paragraph, str(value), font=TABLE_FONT, size=TABLE_SIZE, bold=bold)


def _fill_header(row, headers: tuple[str, ...]) -> None:
    """Bold, shaded, centred; the unit on a line of its own (目标企业 / （家）)."""
    for cell, header in zip(row.cells, headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        name, bracket, unit = header.partition("（")
        run = _add_run(paragraph, name, font=TABLE_FONT, size=HEADER_SIZE, bold=True)
        if bracket:
            run.add_break()
            _add_run(paragraph, bracket + unit, font=TABLE_FONT, size=HEADER_SIZE, bold=True)
        _shade(cell, HEADER_SHADING)


def _narrow_cell_padding(grid) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(CELL_PADDING.twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema puts the margins before it
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _add_table(document, table: Table) -> None:
    rows = len(table.rows) + 1 + (table.total is not None)
    grid = document.add_table(rows=rows, cols=len(table.headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = table.numeric
    _narrow_cell_padding(grid)
    _fill_header(grid.rows[0], table.headers)
    _repeat_as_header(grid.rows[0])
    for row, cells in zip(grid.rows[1:], table.rows, strict=False):
        _fill_row(row, cells, numeric)
    if table.total is not None:
        _fill_row(grid.rows[-1], table.total, numeric, bold=True)
    _column_widths(grid, len(table.headers))


def _column_widths(grid, columns: int) -> None:
    """The names' column wider, the figures' columns sharing the rest of the text width."""
    first = Mm(26) if columns > 6 else Mm(40)
    other = int((TEXT_WIDTH - first) / (columns - 1))
    grid.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for number, column in enumerate(grid.columns):
        column.width = first if number == 0 else other
    for row in grid.rows:
        for number, cell in enumerate(row.cells):
            cell.width = first if number == 0 else other


def _heading(document, number: int, text: str) -> None:
    paragraph = document.add_heading(level=2)
    _add_run(paragraph, f"{CHINESE_NUMERALS[number - 1]}、{text}", font=HEADING_FONT,
             size=Pt(15))


def _chart(document, report: SummaryReport) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(bar_chart_png(report.chart)), width=CHART_WIDTH)
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_run(caption, f"图1  {report.chart.title}", size=Pt(10))


def _opening(document, report: SummaryReport) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(10)
    _add_run(title, report.title, font=HEADING_FONT, size=Pt(18))
    facts = [f"{label}：{value}" for label, value in report.facts]
    for pair in (facts[:2], facts[2:]):
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.space_after = Pt(0)
        _add_run(line, "　".join(pair), size=Pt(10.5))
    summary = document.add_paragraph()
    summary.paragraph_format.space_before = Pt(12)
    summary.paragraph_format.first_line_indent = BODY_SIZE * 2
    summary.paragraph_format.line_spacing = 1.5
    _add_run(summary, "".join(report.sentences))


def write_docx(report: SummaryReport, handle: BinaryIO) -> None:
    document = Document()
    _a4(document)
    _prepare_styles(document)
    _page_number_footer(document)
    document.core_properties.title = report.title
    document.core_properties.author = report.office
    document.core_properties.language = "zh-CN"
    _opening(document, report)
    sections = [(report.divisions, True), (report.appeals, False)]
    sections += [(table, False) for table in (report.phases, report.teams) if table is not None]
    for number, (table, with_chart) in enumerate(sections, start=1):
        _heading(document, number, table.title)
        _add_table(document, table)
        if with_chart:
            _chart(document, report)
    document.save(handle)
