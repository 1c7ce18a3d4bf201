"""The two forms every installation starts with (the data migration), and that adding them again
leaves an administrator's edits alone."""

import pytest

from qinshang.questionnaires.answers import clean_answers
from qinshang.questionnaires.initial import (
    OPINION_FORM,
    VISIT_REPORT,
    form_templates_add_initial,
)
from qinshang.questionnaires.models import FormTemplate, Purpose, Question

pytestmark = pytest.mark.django_db


def test_the_migration_ships_the_visit_report_and_the_opinion_form():
    forms = {form.code: form for form in FormTemplate.objects.filter(
        code__in=[VISIT_REPORT, OPINION_FORM])}
    assert forms[VISIT_REPORT].purpose == Purpose.VISIT_REPORT
    assert forms[OPINION_FORM].purpose == Purpose.OPINION
    for form in forms.values():
        questions = list(form.questions.all())
        assert [q.order for q in questions] == list(range(1, len(questions) + 1))
        assert any(q.required for q in questions) and not all(q.required for q in questions)
        for question in questions:
            question.full_clean()          # choice questions have their options, others none


def test_the_required_answers_are_what_a_minimal_report_needs():
    form = FormTemplate.objects.get(code=VISIT_REPORT)
    by_text = {q.text: f"q{q.pk}" for q in form.questions.all()}
    cleaned = clean_answers(form, {by_text["走访日期"]: "2014-01-08",
                                   by_text["企业经营状况"]: "良好",
                                   by_text["在岗职工人数"]: "120"})
    assert len(cleaned) == 3


def test_adding_them_again_keeps_the_administrators_edits():
    form = FormTemplate.objects.get(code=OPINION_FORM)
    form.title = "征求意见表（2026年版）"
    form.save()
    form.questions.filter(order=9).delete()
    form_templates_add_initial(FormTemplate, Question)
    form.refresh_from_db()
    assert form.title == "征求意见表（2026年版）"
    assert form.questions.count() == 8
    assert FormTemplate.objects.filter(code__in=[VISIT_REPORT, OPINION_FORM]).count() == 2
