"""The service guide (办事指南, seed 004: 《山东省贯彻落实"26条措施"办事指南》): policies chosen
from the library compiled into one Word document — a title page, a table of contents, one
chapter per topic, and each policy under its own heading with its issuing body, document
number, date, validity, summary, full text and the names of its attachments.

The table of contents is a real Word TOC field, which Word and LibreOffice fill in from the
headings (Word asks to update the fields on opening: ``w:updateFields``). A field shows nothing
until it is updated, and a reader that does not update fields would see an empty page, so the
headings are also written out below it, with their numbers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from qinshang.access import visible
from qinshang.policies.models import Policy, Topic
from qinshang.reports.docx_writer import (
    BODY_FONT,
    BODY_SIZE,
    CHINESE_NUMERALS,
    HEADING_FONT,
    _a4,
    _page_number_footer,
    set_fonts,
)

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
TOPIC_ORDER = {value: number for number, (value, _label) in enumerate(Topic.choices)}


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (chapters are few)."""
    if number <= 10:
        return CHINESE_NUMERALS[number - 1]
    tens, units = divmod(number, 10)
    text = ("" if tens == 1 else CHINESE_NUMERALS[tens - 1]) + "十"
    return text + (CHINESE_NUMERALS[units - 1] if units else "")


@dataclass(frozen=True)
class Chapter:
    number: int
    topic: str            # the Topic value
    title: str            # "一、减税降费"
    policies: list[tuple[str, Policy]]  # ("（一）", policy)


@dataclass(frozen=True)
class Guide:
    title: str
    office: str
    compiled_on: datetime.date
    chapters: list[Chapter]

    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of every heading, in order: the written table of contents."""
        lines: list[tuple[int, str]] = []
        for chapter in self.chapters:
            lines.append((1, chapter.title))
            lines += [(2, f"{mark}{policy.title}") for mark, policy in chapter.policies]
        return lines


def policies_for_guide(user, ids: Iterable[int]) -> QuerySet[Policy] | None:
    """The chosen policies, or None when any of them is not one the user may see (the caller
    answers 404: out of reach is the same as not found)."""
    wanted = set(ids)
    policies = (visible(user, Policy).filter(pk__in=wanted)
                .prefetch_related("topics", "attachments").order_by("-issued_on", "pk"))
    found = list(policies)
    if len(found) != len(wanted):
        return None
    return policies


def _first_topic(policy: Policy) -> str:
    topics = sorted((row.topic for row in policy.topics.all()),
                    key=lambda value: TOPIC_ORDER.get(value, len(TOPIC_ORDER)))
    return topics[0] if topics else Topic.OTHER


def build_guide(title: str, office: str, policies: Sequence[Policy],
                compiled_on: datetime.date) -> Guide:
    """One chapter per topic, in the library's order of topics; a policy under several topics
    stands in the first of them, so that each policy is printed once. Within a chapter, the
    newest policy first."""
    by_topic: dict[str, list[Policy]] = {}
    for policy in policies:
        by_topic.setdefault(_first_topic(policy), []).append(policy)
    labels = dict(Topic.choices)
    chapters = []
    for number, topic in enumerate(sorted(by_topic, key=lambda value: TOPIC_ORDER[value]),
                                   start=1):
        marked = [(f"（{chinese_number(index)}）", policy)
                  for index, policy in enumerate(by_topic[topic], start=1)]
        chapters.append(Chapter(number, topic, f"{chinese_number(number)}、{labels[topic]}",
                                marked))
    return Guide(title=title, office=office, compiled_on=compiled_on, chapters=chapters)


# --- writing ----------------------------------------------------------------------------------

def _run(paragraph, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, bold: bool = False):
    run = paragraph.add_run(text)
    set_fonts(run._r, font)
    run.font.size = size
    run.bold = bold
    return run


def _prepare_styles(document) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal.element, BODY_FONT)
    normal.font.size = BODY_SIZE
    for name, size in (("Heading 1", Pt(16)), ("Heading 2", Pt(15))):
        style = document.styles[name]
        set_fonts(style.element, HEADING_FONT)
        style.font.size = size
        style.font.bold = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.element.rPr.color.attrib.pop(qn("w:themeColor"), None)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)


def _field_char(run, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        mark.set(qn("w:dirty"), "true")  # "update me": Word refreshes it on opening
    run._r.append(mark)


def _toc_field(document) -> None:
    paragraph = document.add_paragraph()
    _field_char(_run(paragraph, ""), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = TOC_INSTRUCTION
    _run(paragraph, "")._r.append(instruction)
    _field_char(_run(paragraph, ""), "separate")
    _run(paragraph, _("Update this field (F9 in Word, Tools › Update in LibreOffice) to show "
                      "the page numbers."), size=Pt(10.5))
    _field_char(_run(paragraph, ""), "end")


def _ask_to_update_fields(document) -> None:
    setting = OxmlElement("w:updateFields")
    setting.set(qn("w:val"), "true")
    document.settings.element.append(setting)


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _title_page(document, guide: Guide) -> None:
    for _blank in range(6):
        document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, guide.title, font=HEADING_FONT, size=Pt(26))
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(subtitle, _("Service guide"), size=Pt(18))
    for _blank in range(8):
        document.add_paragraph()
    for text in (guide.office, guide.compiled_on.strftime("%Y-%m-%d")):
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(line, text, size=Pt(16))
    _page_break(document)


def _contents(document, guide: Guide) -> None:
    heading = document.add_paragraph()  # not a heading style: it is not in the TOC itself
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, _("Contents"), font=HEADING_FONT, size=Pt(18))
    _toc_field(document)
    listed = document.add_paragraph()
    _run(listed, _("The headings of this guide:"), size=Pt(10.5), bold=True)
    for level, text in guide.headings():
        line = document.add_paragraph()
        line.paragraph_format.left_indent = Pt(0 if level == 1 else 21)
        line.paragraph_format.space_after = Pt(0)
        _run(line, text, size=Pt(12 if level == 1 else 11))
    _page_break(document)


def _validity(policy: Policy) -> str:
    start = policy.valid_from.isoformat() if policy.valid_from else ""
    end = policy.valid_until.isoformat() if policy.valid_until else ""
    if not start and not end:
        return _("Not limited")
    return f"{start or '…'} – {end or _('until further notice')}"


def _fact(document, label: str, value: str) -> None:
    line = document.add_paragraph()
    line.paragraph_format.space_after = Pt(0)
    _run(line, f"{label}：", bold=True)
    _run(line, value or "—")


def _text_block(document, text: str) -> None:
    for part in (text or "").splitlines():
        if part.strip():
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
            paragraph.paragraph_format.line_spacing = 1.5
            _run(paragraph, part.strip())


def _policy(document, mark: str, policy: Policy) -> None:
    document.add_heading(level=2).add_run(f"{mark}{policy.title}")
    _fact(document, _("Issuing body"), policy.issuer)
    _fact(document, _("Document number"), policy.document_number)
    _fact(document, _("Date issued"), policy.issued_on.isoformat())
    _fact(document, _("Validity"), _validity(policy))
    summary = document.add_paragraph()
    _run(summary, _("Summary"), font=HEADING_FONT, bold=False)
    _text_block(document, policy.summary)
    if policy.full_text.strip():
        full = document.add_paragraph()
        _run(full, _("Full text"), font=HEADING_FONT)
        _text_block(document, policy.full_text)
    names = [attachment.name for attachment in policy.attachments.all()]
    if names:
        _fact(document, _("Attachments"), "；".join(names))


def write_guide(guide: Guide, handle: BinaryIO) -> None:
    document = Document()
    _a4(document)
    _prepare_styles(document)
    _page_number_footer(document)
    document.core_properties.title = guide.title
    document.core_properties.author = guide.office
    document.core_properties.language = "zh-CN"
    _ask_to_update_fields(document)
    _title_page(document, guide)
    _contents(document, guide)
    for chapter in guide.chapters:
        document.add_heading(level=1).add_run(chapter.title)
        for mark, policy in chapter.policies:
            _policy(document, mark, policy)
    document.save(handle)
