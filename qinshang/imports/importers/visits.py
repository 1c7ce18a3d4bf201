"""Visits into a launched campaign: one row per visit."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinshang.accounts.models import User
from qinshang.campaigns.models import CampaignState, Visit, VisitMethod
from qinshang.enterprises.models import Affiliation
from qinshang.imports.importers.base import (
    CREDIT_CODE,
    Column,
    Found,
    Importer,
    cell_text,
    listed,
    parse_date,
    parse_whole_number,
    question_column,
    question_key,
    split_list,
    title_key,
    word_map,
)
from qinshang.imports.models import ImportKind
from qinshang.imports.readers import FileRefused, Row
from qinshang.questionnaires.answers import MAX_TEXT
from qinshang.questionnaires.models import Question

PEOPLE_MET_MAX = 32767  # the column is a small integer


@dataclass
class VisitRecord:
    row: int
    enterprise: Found
    visited_on: datetime.date
    method: str
    staff: list[tuple[int, str]]     # (user id, how the user reads in the log)
    person_ids: list[int]
    people_met: int
    summary: str
    answers: dict[str, Any] | None   # None: the file has no report-form columns


METHOD_WORDS = {
    VisitMethod.ON_SITE: ("实地", "实地走访", "上门", "on site", "on_site", "onsite"),
    VisitMethod.PHONE: ("电话", "phone", "telephone"),
    VisitMethod.VIDEO: ("视频", "video"),
}


class VisitImporter(Importer):
    kind = ImportKind.VISITS
    columns = (
        CREDIT_CODE,
        Column("visited_on", "走访日期",
               gettext_lazy("The day of the visit, within the campaign's period."),
               aliases=("visit date", "date", "visited on"), example="2026-06-10"),
        Column("method", "走访方式", gettext_lazy("实地, 电话 or 视频 (on site, phone, video)."),
               aliases=("method", "visit method"), example="实地"),
        Column("staff", "走访人员",
               gettext_lazy("User names of the staff who visited, separated by 、 or ;."),
               aliases=("staff", "visiting staff", "user names"), example="zhangwei、lina"),
        Column("people_met", "走访台商人数",
               gettext_lazy("How many Taiwan business people were met: a whole number."),
               aliases=("people met", "taiwan business people met"), example="2"),
        Column("persons", "见到的台商",
               gettext_lazy("Optional: names of the persons met, as in the enterprise's file, "
                            "separated by 、 or ;."),
               required=False, aliases=("persons met", "who was met"), example="陈志明"),
        Column("summary", "情况摘要", gettext_lazy("Optional: what was discussed."),
               required=False, aliases=("summary",), example="了解生产经营情况"),
    )
    methods = word_map(METHOD_WORDS)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        form = self.campaign.visit_form
        self.questions: list[Question] = list(form.questions.all()) if form else []
        self.keyed = [(question_key(question), question) for question in self.questions]
        self.users: dict[str, tuple[int, str] | None] = {}

    def extra_columns(self) -> list[Column]:
        return [question_column(question, question.required) for question in self.questions]

    def required_extra(self, present: set[str]) -> list[Column]:
        # The report form is optional as a whole; once any of its columns is there, its
        # required questions must be there too.
        if not present & {question_key(q) for q in self.questions}:
            return []
        return super().required_extra(present)

    @cached_property
    def with_report(self) -> bool:
        """Does the file carry the report form (known once the header is checked)?"""
        return any(key in self.index for key, _question in self.keyed)

    def check_ready(self) -> None:
        if self.campaign.state != CampaignState.LAUNCHED:
            raise FileRefused(_("Visits, symposiums and surveys are recorded only while the "
                                "campaign runs (launched, not closed)."))

    def _look_up_users(self, rows: Sequence[Row]) -> None:
        names = {name for _, values in rows for name in split_list(self.value(values, "staff"))}
        wanted = names - set(self.users)
        for user in User.objects.filter(username__in=wanted, is_active=True):
            self.users[user.username] = (user.pk, str(user))
        for name in wanted:
            self.users.setdefault(name, None)

    def _persons(self, enterprise_ids: set[int]) -> dict[int, dict[str, list[int]]]:
        persons: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for enterprise_id, person_id, name in Affiliation.objects.filter(
                enterprise_id__in=enterprise_ids).values_list(
                "enterprise_id", "person_id", "person__name"):
            persons[enterprise_id][title_key(name)].append(person_id)
        return persons

    def _recorded(self, enterprise_ids: set[int], rows: Sequence[Row]) -> set[tuple]:
        days = {parse_date(self.value(values, "visited_on")) for _, values in rows} - {None}
        return set(Visit.objects.filter(enterprise_id__in=enterprise_ids, visited_on__in=days)
                   .values_list("enterprise_id", "visited_on"))

    def check_rows(self, rows: Sequence[Row]) -> None:
        found = self.enterprises_of(rows)
        self._look_up_users(rows)
        ids = {enterprise.pk for enterprise in found.values()}
        persons = self._persons(ids)
        recorded = self._recorded(ids, rows)
        for row, values in rows:
            before = len(self.problems)
            record = self._check_row(row, values, found, persons, recorded)
            if record is not None and len(self.problems) == before:
                self.records.append(record)

    def _check_row(self, row: int, values: tuple, found, persons, recorded) -> VisitRecord | None:
        enterprise = self.enterprise(row, values, found, write=True)
        visited_on = self.date(row, values, "visited_on", earliest=self.campaign.starts_on,
                               latest=self.campaign.ends_on)
        method = self._method(row, values)
        staff = self._staff(row, values)
        people_met = self._people_met(row, values)
        person_ids = self._persons_met(row, values, enterprise, persons)
        if people_met is not None and person_ids is not None and people_met < len(person_ids):
            self.problem(row, "people_met", values, _(
                "%(named)d people are named as met, more than the number given.")
                % {"named": len(person_ids)})
        summary = cell_text(self.value(values, "summary"))
        if len(summary) > MAX_TEXT:
            self.problem(row, "summary", values,
                         _("Write at most %(limit)d characters.") % {"limit": MAX_TEXT})
        answers = self.answers(row, values, self.keyed) if self.with_report else None
        if enterprise is None or visited_on is None:
            return None
        key = (enterprise.pk, visited_on)
        first = self.duplicate(row, key)
        if first is not None:
            self.problem(row, "credit_code", values,
                         _("The same visit (enterprise and date) is already in row %(row)d.")
                         % {"row": first})
        elif key in recorded:
            self.problem(row, "visited_on", values,
                         _("A visit to this enterprise on this day is already recorded."))
        if None in (method, staff, people_met, person_ids):
            return None
        return VisitRecord(row, enterprise, visited_on, method, staff, person_ids, people_met,
                           summary, answers)

    def _method(self, row: int, values: tuple) -> str | None:
        raw = cell_text(self.value(values, "method"))
        method = self.methods.get(title_key(raw))
        if method is None:
            self.problem(row, "method", values, _("Write 实地, 电话 or 视频.") if raw
                         else _("This column must be filled in."))
        return method

    def _staff(self, row: int, values: tuple) -> list[tuple[int, str]] | None:
        names = split_list(self.value(values, "staff"))
        if not names:
            self.problem(row, "staff", values,
                         _("Name at least one member of staff who visited."))
            return None
        unknown = [name for name in names if self.users.get(name) is None]
        if unknown:
            self.problem(row, "staff", values, _("No user has the user name %(names)s.")
                         % {"names": listed(unknown)})
            return None
        return list(dict.fromkeys(self.users[name] for name in names))

    def _people_met(self, row: int, values: tuple) -> int | None:
        raw = self.value(values, "people_met")
        if raw is None or raw == "":
            self.problem(row, "people_met", values, _("This column must be filled in."))
            return None
        number = parse_whole_number(raw)
        if number is None or not 0 <= number <= PEOPLE_MET_MAX:
            self.problem(row, "people_met", values,
                         _("Write the number of people met as a whole number."))
            return None
        return number

    def _persons_met(self, row: int, values: tuple, enterprise: Found | None,
                     persons) -> list[int] | None:
        names = split_list(self.value(values, "persons"))
        if not names or enterprise is None:
            return [] if not names else None
        on_file = persons.get(enterprise.pk, {})
        unknown = [name for name in names if not on_file.get(title_key(name))]
        if unknown:
            self.problem(row, "persons", values,
                         _("Not a person on file for this enterprise: %(names)s.")
                         % {"names": listed(unknown)})
            return None
        shared = [name for name in names if len(on_file[title_key(name)]) > 1]
        if shared:
            self.problem(row, "persons", values,
                         _("Several persons of this enterprise are called %(names)s: record "
                           "this visit on its page instead.") % {"names": listed(shared)})
            return None
        return list(dict.fromkeys(on_file[title_key(name)][0] for name in names))
