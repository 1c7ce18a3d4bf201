"""Returned opinion forms of a survey: one row per returned copy, its answers and opinions."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinshang.appeals.models import Category
from qinshang.campaigns.models import Distribution, DistributionMethod
from qinshang.imports.importers.base import (
    CREDIT_CODE,
    Column,
    Found,
    Importer,
    cell_text,
    question_column,
    question_key,
    title_key,
    word_map,
)
from qinshang.imports.models import ImportKind
from qinshang.imports.readers import Row
from qinshang.questionnaires.answers import MAX_TEXT
from qinshang.questionnaires.models import Question

# Opinion/category column pairs a survey return may carry (意见1, 类别1 … 意见10, 类别10).
MAX_OPINIONS = 10
TEMPLATE_OPINIONS = 3


@dataclass
class ReturnRecord:
    row: int
    enterprise: Found
    distribution_id: int
    region_id: str
    returned_on: datetime.date
    method: str
    answers: dict[str, Any]
    opinions: list[tuple[int, str]]  # (category id, the opinion)


RETURN_WORDS = {
    DistributionMethod.PAPER: ("纸质", "纸质版", "书面", "paper"),
    DistributionMethod.ONLINE: ("在线", "网上", "网络", "online"),
}


def opinion_key(number: int) -> str:
    return f"opinion{number}"


def category_key(number: int) -> str:
    return f"category{number}"


class SurveyReturnImporter(Importer):
    kind = ImportKind.SURVEY_RETURNS
    columns = (
        CREDIT_CODE,
        Column("returned_on", "收回日期",
               gettext_lazy("The day the form came back: not before it was handed out."),
               aliases=("return date", "returned on", "date"), example="2026-06-20"),
        Column("method", "方式", gettext_lazy("纸质 or 在线 (paper or online)."),
               aliases=("method", "return method"), example="纸质"),
    )
    methods = word_map(RETURN_WORDS)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.questions: list[Question] = list(self.survey.form.questions.all())
        self.keyed = [(question_key(question), question) for question in self.questions]
        self.categories = self._categories()
        self._extras = self._extra_columns()

    @staticmethod
    def _categories() -> dict[str, int]:
        names: dict[str, int] = {}
        for category in Category.objects.filter(active=True):
            for name in (category.code, category.name_zh_hans, category.name_zh_hant,
                         category.name_en):
                names.setdefault(title_key(name), category.pk)
        return names

    def extra_columns(self) -> list[Column]:
        return self._extras

    def _extra_columns(self) -> list[Column]:
        columns = [question_column(question, question.required) for question in self.questions]
        for number in range(1, MAX_OPINIONS + 1):
            columns.append(Column(opinion_key(number), f"意见{number}", _(
                "Optional: an opinion or suggestion; each becomes an appeal (channel survey). "
                "Up to %(pairs)d pairs: 意见1 and 类别1, 意见2 and 类别2, and so on.")
                % {"pairs": MAX_OPINIONS},
                required=False, aliases=(f"opinion {number}",)))
            columns.append(Column(category_key(number), f"类别{number}", _(
                "The appeal category of the opinion beside it, by its name or code."),
                required=False, aliases=(f"category {number}",)))
        return columns

    def documented_columns(self) -> list[Column]:
        # One opinion pair stands for all of them.
        return [column for column in self.all_columns()
                if column.key not in self._later_pairs(1)]

    def template_columns(self) -> list[Column]:
        return [column for column in self.all_columns()
                if column.key not in self._later_pairs(TEMPLATE_OPINIONS)]

    @staticmethod
    def _later_pairs(shown: int) -> set[str]:
        return {key for number in range(shown + 1, MAX_OPINIONS + 1)
                for key in (opinion_key(number), category_key(number))}

    def required_extra(self, present: set[str]) -> list[Column]:
        needed = [column for column in self.extra_columns() if column.required]
        # An opinion column needs its category column beside it, and the other way round.
        for column in self.extra_columns():
            if column.key.startswith("opinion") and column.key in present:
                needed.append(self._extra(category_key(int(column.key[7:]))))
            if column.key.startswith("category") and column.key in present:
                needed.append(self._extra(opinion_key(int(column.key[8:]))))
        return needed

    def _extra(self, key: str) -> Column:
        return next(column for column in self.extra_columns() if column.key == key)

    def _copies(self, ids: set[int]) -> dict[int, list[dict]]:
        copies: dict[int, list[dict]] = defaultdict(list)
        for copy in Distribution.objects.filter(survey=self.survey, enterprise_id__in=ids) \
                .values("pk", "enterprise_id", "person_id", "region_id", "distributed_on",
                        "returned_on").order_by("pk"):
            copies[copy["enterprise_id"]].append(copy)
        return copies

    def check_rows(self, rows: Sequence[Row]) -> None:
        found = self.enterprises_of(rows)
        copies = self._copies({enterprise.pk for enterprise in found.values()})
        for row, values in rows:
            before = len(self.problems)
            record = self._check_row(row, values, found, copies)
            if record is not None and len(self.problems) == before:
                self.records.append(record)

    def _check_row(self, row: int, values: tuple, found, copies) -> ReturnRecord | None:
        enterprise = self.enterprise(row, values, found, write=True)
        copy = self._copy(row, values, enterprise, copies)
        returned_on = self.date(row, values, "returned_on")
        if copy is not None and returned_on is not None \
                and returned_on < copy["distributed_on"]:
            self.problem(row, "returned_on", values,
                         _("A form cannot come back before it was handed out."))
        raw_method = cell_text(self.value(values, "method"))
        method = self.methods.get(title_key(raw_method))
        if method is None:
            self.problem(row, "method", values, _("Write 纸质 or 在线.") if raw_method
                         else _("This column must be filled in."))
        answers = self.answers(row, values, self.keyed)
        opinions = self._opinions(row, values)
        if None in (copy, returned_on, method, answers, opinions):
            return None
        return ReturnRecord(row, enterprise, copy["pk"], copy["region_id"], returned_on,
                            method, answers, opinions)

    def _copy(self, row: int, values: tuple, enterprise: Found | None, copies) -> dict | None:
        if enterprise is None:
            return None
        first = self.duplicate(row, enterprise.pk)
        if first is not None:
            self.problem(row, "credit_code", values,
                         _("This enterprise's return is already in row %(row)d.")
                         % {"row": first})
            return None
        handed = copies.get(enterprise.pk, [])
        # The unaddressed copy first, then those addressed to a person, oldest first.
        waiting = sorted((c for c in handed if c["returned_on"] is None),
                         key=lambda c: (c["person_id"] is not None, c["pk"]))
        if waiting:
            return waiting[0]
        self.problem(row, "credit_code", values,
                     _("The opinion form of this enterprise has already been returned.")
                     if handed else
                     _("The opinion form was not handed out to this enterprise in this "
                       "survey."))
        return None

    def _opinions(self, row: int, values: tuple) -> list[tuple[int, str]] | None:
        opinions, good = [], True
        for number in range(1, MAX_OPINIONS + 1):
            text = cell_text(self.value(values, opinion_key(number)))
            category = cell_text(self.value(values, category_key(number)))
            if not text and not category:
                continue
            if not text:
                self.problem(row, opinion_key(number), values, _(
                    "A category without an opinion: write the opinion or clear the category."))
                good = False
                continue
            if len(text) > MAX_TEXT:
                self.problem(row, opinion_key(number), values,
                             _("Write at most %(limit)d characters.") % {"limit": MAX_TEXT})
                good = False
            category_id = self.categories.get(title_key(category)) if category else None
            if category_id is None:
                self.problem(row, category_key(number), values,
                             _("“%(value)s” is not an appeal category.") % {"value": category}
                             if category else
                             _("Say which appeal category this opinion belongs to."))
                good = False
                continue
            opinions.append((category_id, text))
        return opinions if good else None
