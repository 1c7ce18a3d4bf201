"""Answers are held to the template's rules, whether typed in by staff, answered online or
imported: one checker for all three."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qinshang.questionnaires.answers import clean_answers, readable_answers
from qinshang.questionnaires.models import FormTemplate, Purpose, Question, QuestionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def form():
    template = FormTemplate.objects.create(code="t", title="征求意见表", purpose=Purpose.OPINION)
    kinds = [(QuestionKind.TEXT, "主要困难", False, []),
             (QuestionKind.NUMBER, "在岗职工人数", True, []),
             (QuestionKind.DATE, "填表日期", False, []),
             (QuestionKind.SINGLE_CHOICE, "总体评价", True, ["满意", "一般", "不满意"]),
             (QuestionKind.MULTIPLE_CHOICE, "希望的服务", False, ["融资", "用工", "政策咨询"]),
             (QuestionKind.YES_NO, "是否了解惠台政策", False, [])]
    for order, (kind, text, required, choices) in enumerate(kinds, start=1):
        Question.objects.create(template=template, order=order, kind=kind, text=text,
                                required=required, choices=choices)
    return template


def raw(form, *values):
    return {f"q{q.pk}": value for q, value in zip(form.questions.all(), values, strict=False)}


def test_each_kind_is_stored_in_its_plain_form(form):
    answers = clean_answers(form, raw(form, " 招工难 ", "1,200", "2014-02-20", "满意",
                                      ["政策咨询", "融资"], "是"))
    assert list(answers.values()) == ["招工难", "1200", "2014-02-20", "满意",
                                      ["融资", "政策咨询"], True]


def test_every_problem_is_reported_at_once_by_field(form):
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        clean_answers(form, raw(form, "", "很多", "20140230", "非常满意", ["贷款"], "也许"))
    errors = refused.value.message_dict
    questions = list(form.questions.all())
    assert set(errors) == {f"q{q.pk}" for q in questions[1:]}
    assert errors[f"q{questions[1].pk}"] == ["Enter a number."]
    assert "is not one of the options" in errors[f"q{questions[3].pk}"][0]


def test_required_questions_must_be_answered_and_others_may_be_left_blank(form):
    with pytest.raises(ValidationError) as refused:
        clean_answers(form, {})
    assert len(refused.value.message_dict) == 2
    answers = clean_answers(form, raw(form, "", "35", "", "一般", [], ""))
    assert len(answers) == 2


def test_multiple_choice_from_a_spreadsheet_cell_splits_on_semicolons(form):
    answers = clean_answers(form, raw(form, "", "3", "", "一般", "用工；融资"))
    assert answers[str(form.questions.get(order=5).pk)] == ["融资", "用工"]


def test_readable_answers_follow_the_form_order(form):
    answers = clean_answers(form, raw(form, "", "35", "", "一般", ["用工"], "否"))
    with translation.override("en"):
        shown = [text for _question, text in readable_answers(form, answers)]
    assert shown == ["", "35", "", "一般", "用工", "No"]


def test_a_choice_question_needs_two_distinct_options(form):
    question = Question(template=form, order=9, kind=QuestionKind.SINGLE_CHOICE, text="x",
                        choices=["是"])
    with pytest.raises(ValidationError):
        question.full_clean()
    question.choices = ["是", "是"]
    with pytest.raises(ValidationError):
        question.full_clean()
    text_question = Question(template=form, order=10, kind=QuestionKind.TEXT, text="y",
                             choices=["a", "b"])
    with pytest.raises(ValidationError):
        text_question.full_clean()
