"""What every kind of import shares: columns, problems, cell parsing and the checks of the
header and of each row's enterprise and dates.

An importer knows its columns (fixed Chinese titles, English aliases accepted, Traditional
folded to Simplified), checks the header, then checks the rows a chunk at a time: everything a
chunk needs from the database (enterprises by credit code, users, persons, survey copies) is
read in one query per table, never row by row. Each problem names the row as Excel numbers it,
the column as the file titles it, and what is wrong. Rows without problems become plain records
that ``services`` writes, all together or not at all. Nothing here writes."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from qinshang.access import principal_of
from qinshang.campaigns.models import Campaign, Survey
from qinshang.enterprises.identifiers import validate_credit_code
from qinshang.enterprises.models import Enterprise
from qinshang.imports.readers import FileRefused, Row
from qinshang.questionnaires.answers import clean_answer
from qinshang.questionnaires.models import Question, QuestionKind
from qinshang.text import fold

LIST_SEPARATORS = re.compile(r"[、;；,，\n]+")
DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                       r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
WHOLE_NUMBER = re.compile(r"\d+")
TITLE_NOISE = re.compile(r"[\s_\-*:：]+")


@lru_cache(maxsize=65536)
def title_key(title: str) -> str:
    """How a header cell is matched: Traditional folded to Simplified, case, width, spaces,
    underscores and a required-mark asterisk ignored."""
    return TITLE_NOISE.sub("", fold(title))


@dataclass(frozen=True)
class Column:
    key: str
    title: str                      # the template's title (fixed, Chinese: the offices' words)
    explanation: Any                # what to write, in the user's language
    required: bool = True
    aliases: tuple[str, ...] = ()   # English titles also accepted
    example: str = ""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    message: str

    def as_list(self) -> list:
        return [self.row, self.column, self.value, self.message]


@dataclass(frozen=True)
class Found:
    """An enterprise found by its credit code, with what the rows need of it."""

    pk: int
    region_id: str
    name: str
    trade_name: str


def cell_text(value: Any) -> str:
    """A cell as the user sees it: a whole number without ".0", a date without a time."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    """A date from a date cell, an Excel serial number, or text such as 2026-06-10,
    2026/6/10 or 2026年6月10日; None when it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            moment = from_excel(value)
            return moment.date() if isinstance(moment, datetime.datetime) else None
        return None
    match = DATE_TEXT.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
    if match is None:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if WHOLE_NUMBER.fullmatch(text):
        return int(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def split_list(value: Any) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(cell_text(value)) if part.strip()]


def normal_credit_code(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value))).upper()


def word_map(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each accepted spelling of a choice, as a header is matched, to the stored value."""
    return {title_key(word): value for value, spellings in words.items() for word in spellings}


def listed(items: Iterable[str]) -> str:
    return "、".join(items)


CREDIT_CODE = Column(
    "credit_code", "统一社会信用代码",
    gettext_lazy("The enterprise's 18-character unified social credit code."),
    aliases=("credit code", "unified social credit code", "credit_code"),
    example="91370102MA3C123456")


class Importer:
    """The shared part: the header, the enterprise of each row, problems and progress."""

    kind: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]

    def __init__(self, *, actor, campaign: Campaign, survey: Survey | None = None,
                 at: datetime.datetime | None = None) -> None:
        self.actor = actor
        self.campaign = campaign
        self.survey = survey
        self.today = timezone.localdate(at or timezone.now())
        self.principal = principal_of(actor)
        self.problems: list[Problem] = []
        self.records: list = []
        self.index: dict[str, int] = {}      # column key -> position in the row
        self.titles: dict[str, str] = {}     # column key -> the title as the file writes it
        self._seen: dict[Any, int] = {}      # duplicate key -> first row

    # --- columns and header -------------------------------------------------------------------

    def extra_columns(self) -> list[Column]:
        """Columns that depend on the campaign or survey (questions, opinion pairs)."""
        return []

    def all_columns(self) -> list[Column]:
        return [*self.columns, *self.extra_columns()]

    def documented_columns(self) -> list[Column]:
        """The columns the upload page explains."""
        return self.all_columns()

    def template_columns(self) -> list[Column]:
        """The columns of the downloadable template."""
        return self.all_columns()

    def check_ready(self) -> None:
        """Refuse the whole file before reading it when the campaign is in the wrong state."""

    def required_extra(self, present: set[str]) -> list[Column]:
        return [column for column in self.extra_columns() if column.required]

    def check_header(self, header: Sequence[str]) -> None:
        known: dict[str, Column] = {}
        for column in self.all_columns():
            for title in (column.title, *column.aliases):
                known.setdefault(title_key(title), column)
        unknown, repeated = [], []
        for position, title in enumerate(header):
            if not title:
                continue
            column = known.get(title_key(title))
            if column is None:
                unknown.append(title)
            elif column.key in self.index:
                repeated.append(title)
            else:
                self.index[column.key] = position
                self.titles[column.key] = title
        present = set(self.index)
        needed = [*[c for c in self.columns if c.required], *self.required_extra(present)]
        missing = [column.title for column in needed if column.key not in present]
        parts = []
        if missing:
            parts.append(_("Missing columns: %(columns)s.") % {"columns": listed(missing)})
        if unknown:
            parts.append(_("Unknown columns: %(columns)s.") % {"columns": listed(unknown)})
        if repeated:
            parts.append(_("Columns that appear twice: %(columns)s.")
                         % {"columns": listed(repeated)})
        if parts:
            raise FileRefused(" ".join([_("Row 1 does not match the template."), *parts,
                                        _("Download the template to see the columns.")]))

    # --- rows -----------------------------------------------------------------------------------

    def value(self, values: tuple, key: str) -> Any:
        position = self.index.get(key)
        if position is None or position >= len(values):
            return None
        value = values[position]
        return value.strip() if isinstance(value, str) else value

    def problem(self, row: int, key: str, values: tuple, message: str) -> None:
        self.problems.append(Problem(row, self.titles.get(key, key),
                                     cell_text(self.value(values, key))[:200], str(message)))

    def duplicate(self, row: int, key: Any) -> int | None:
        """The row this key first appeared in, or None (and the key is remembered)."""
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = row
        return first

    def check_rows(self, rows: Sequence[Row]) -> None:
        """Each kind checks a batch of rows here, adding a problem for every bad cell."""
        raise NotImplementedError

    def enterprises_of(self, rows: Sequence[Row]) -> dict[str, Found]:
        codes = {normal_credit_code(self.value(values, "credit_code")) for _, values in rows}
        return {code: Found(pk, region_id, name, trade_name)
                for pk, code, region_id, name, trade_name in Enterprise.objects.filter(
                    credit_code__in=codes - {""}).values_list(
                    "pk", "credit_code", "region_id", "name", "trade_name")}

    def enterprise(self, row: int, values: tuple, found: dict[str, Found], *,
                   write: bool) -> Found | None:
        """The row's enterprise, in the user's reach and in the campaign's scope."""
        code = normal_credit_code(self.value(values, "credit_code"))
        if not code:
            self.problem(row, "credit_code", values, _("This column must be filled in."))
            return None
        enterprise = found.get(code)
        if enterprise is None:  # a code on file is valid: only others need the check
            try:
                validate_credit_code(code)
            except ValidationError as error:
                self.problem(row, "credit_code", values, error.messages[0])
                return None
        # Out of reach answers like not on file, so a file cannot probe other counties.
        if enterprise is None or not self.principal.covers(enterprise.region_id):
            self.problem(row, "credit_code", values,
                         _("No enterprise in your jurisdiction has this credit code."))
            return None
        if write and not self.principal.covers(enterprise.region_id, write=True):
            self.problem(row, "credit_code", values,
                         _("You may view this enterprise but not record anything for it."))
            return None
        if not self.campaign.scope.contains(enterprise.region_id):
            self.problem(row, "credit_code", values,
                         _("The enterprise is outside the campaign's scope (%(scope)s).")
                         % {"scope": self.campaign.scope.name})
            return None
        return enterprise

    def date(self, row: int, values: tuple, key: str, *, earliest: datetime.date | None = None,
             latest: datetime.date | None = None) -> datetime.date | None:
        raw = self.value(values, key)
        if raw is None or raw == "":
            self.problem(row, key, values, _("This column must be filled in."))
            return None
        day = parse_date(raw)
        if day is None:
            self.problem(row, key, values, _("“%(value)s” is not a date: write it as 2026-06-10.")
                         % {"value": cell_text(raw)[:40]})
            return None
        if day > self.today:
            self.problem(row, key, values, _("The date cannot be in the future."))
            return None
        if (earliest and day < earliest) or (latest and day > latest):
            self.problem(row, key, values,
                         _("The date is outside the campaign's period (%(start)s to %(end)s).")
                         % {"start": earliest, "end": latest})
            return None
        return day

    def answers(self, row: int, values: tuple,
                questions: Sequence[tuple[str, Question]]) -> dict[str, Any] | None:
        """The report form's answers of one row, checked like the form on the page; None when
        one of them is wrong (each wrong one is reported)."""
        cleaned: dict[str, Any] = {}
        good = True
        for key, question in questions:
            raw = self.value(values, key)
            if question.kind == QuestionKind.MULTIPLE_CHOICE and isinstance(raw, str) \
                    and raw not in question.choices:
                raw = split_list(raw)
            try:
                answer = clean_answer(question, raw if raw != "" else None)
            except ValidationError as error:
                self.problem(row, key, values, error.messages[0])
                good = False
                continue
            if answer is not None:
                cleaned[str(question.pk)] = answer
        return cleaned if good else None


def question_key(question: Question) -> str:
    return f"q{question.pk}"


def question_column(question: Question, required: bool) -> Column:
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        explanation = _("One of: %(options)s.") % {"options": listed(question.choices)}
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            explanation = _("Any of: %(options)s, separated by 、 or ;.") % {
                "options": listed(question.choices)}
    else:
        explanation = {
            QuestionKind.TEXT: _("Text."),
            QuestionKind.NUMBER: _("A number."),
            QuestionKind.DATE: _("A date such as 2026-06-10."),
            QuestionKind.YES_NO: _("是 or 否."),
        }[question.kind]
    return Column(question_key(question), question.text, explanation, required=required)
