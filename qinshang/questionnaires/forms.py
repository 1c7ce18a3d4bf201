"""The Django form for one template's questions, built from the questions themselves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qinshang.core.widgets import DateInput
from qinshang.questionnaires.answers import clean_answer, field_name
from qinshang.questionnaires.models import FormTemplate, Question, QuestionKind

YES_NO_CHOICES = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def _field_for(question: Question, label: Callable[[str], str]) -> forms.Field:
    common: dict[str, Any] = {"label": label(question.text), "required": False,
                              "help_text": label(question.help_text)}
    options = [(option, label(option)) for option in question.choices]
    kind = question.kind
    if kind == QuestionKind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), **common)
    if kind == QuestionKind.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == QuestionKind.DATE:
        return forms.CharField(widget=DateInput(), **common)
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *options], **common)
    return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple,
                                     **common)


class AnswersForm(forms.Form):
    """One field per question (``q<id>``); each answer is checked by ``clean_answer`` so that the
    rules are the ones the services and imports apply. ``label`` converts the template's text
    for the reader (the portal shows it in Traditional Chinese)."""

    def __init__(self, template: FormTemplate, *args, questions: Sequence[Question] | None = None,
                 label: Callable[[str], str] = str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        self.questions = list(questions if questions is not None else template.questions.all())
        for question in self.questions:
            field = _field_for(question, label)
            field.question = question
            self.fields[field_name(question)] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            if name in self.errors:
                continue
            try:
                clean_answer(question, cleaned.get(name))
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def raw_answers(self) -> dict[str, Any]:
        return {field_name(q): self.cleaned_data.get(field_name(q)) for q in self.questions}
