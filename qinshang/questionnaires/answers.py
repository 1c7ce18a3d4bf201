"""Checking answers against a form template: one place for the staff form, the invitation page
and the imports, so a paper form typed in and an online answer are held to the same rules."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qinshang.questionnaires.models import FormTemplate, Question, QuestionKind

MAX_TEXT = 2000
YES_WORDS = frozenset({"yes", "true", "1", "是", "有", "y"})
NO_WORDS = frozenset({"no", "false", "0", "否", "无", "無", "n"})


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Sequence):
        return not [item for item in value if str(item).strip()]
    return False


def clean_answer(question: Question, value: Any) -> Any:
    """The stored form of one answer, or ValidationError with a message for the respondent.
    ``None`` means not answered."""
    if _blank(value):
        if question.required:
            raise ValidationError(_("This question must be answered."))
        return None
    kind = question.kind
    if kind == QuestionKind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Write at most %(limit)d characters.") % {"limit": MAX_TEXT})
        return text
    if kind == QuestionKind.NUMBER:
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e15"):
            raise ValidationError(_("Enter a number."))
        return format(number.normalize(), "f")
    if kind == QuestionKind.DATE:
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None
    if kind == QuestionKind.YES_NO:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        raise ValidationError(_("Answer yes or no."))
    options = question.choices
    if kind == QuestionKind.SINGLE_CHOICE:
        if isinstance(value, (list, tuple)):
            if len(value) != 1:
                raise ValidationError(_("Choose one option."))
            value = value[0]
        choice = str(value).strip()
        if choice not in options:
            raise ValidationError(_("“%(value)s” is not one of the options.") % {"value": choice})
        return choice
    chosen = value if isinstance(value, (list, tuple)) else str(value).replace("；", ";").split(";")
    picked = [str(item).strip() for item in chosen if str(item).strip()]
    unknown = [item for item in picked if item not in options]
    if unknown:
        raise ValidationError(_("“%(value)s” is not one of the options.") % {"value": unknown[0]})
    return [option for option in options if option in picked]


def clean_answers(template: FormTemplate, raw: Mapping[str, Any],
                  questions: Sequence[Question] | None = None) -> dict[str, Any]:
    """All answers of one response, keyed by question id; every problem is reported at once,
    keyed by the field name ``q<id>``."""
    questions = list(questions if questions is not None else template.questions.all())
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        name = field_name(question)
        try:
            value = clean_answer(question, raw.get(name))
        except ValidationError as error:
            errors[name] = error.messages
            continue
        if value is not None:
            cleaned[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def readable_answers(template: FormTemplate, answers: Mapping[str, Any],
                     questions: Sequence[Question] | None = None) -> list[tuple[Question, str]]:
    """Each question with its answer as text, in the form's order, for pages and exports."""
    rows = []
    for question in (questions if questions is not None else template.questions.all()):
        value = answers.get(str(question.pk))
        if value is None:
            shown = ""
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif isinstance(value, list):
            shown = "；".join(value)
        else:
            shown = str(value)
        rows.append((question, shown))
    return rows
