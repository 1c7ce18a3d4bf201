"""Importing returned opinion forms: copies marked returned, opinions become appeals."""

from __future__ import annotations

import datetime

from qinshang.appeals.models import Appeal, Channel
from qinshang.campaigns.models import Distribution, DistributionMethod, RaisedAppeal
from qinshang.events.models import Event
from qinshang.figures.campaigns import coverage
from qinshang.imports.models import ImportState

from .conftest import csv_bytes, enterprises_in, run_import

HEADER = ["统一社会信用代码", "收回日期", "方式", "是否了解惠台政策", "其他意见",
          "意见1", "类别1", "意见2", "类别2"]
END = datetime.date(2026, 6, 30)


def import_returns(cast, rows, actor=None):
    return run_import(actor=actor or cast.owner, kind="survey_returns", name="回收.csv",
                      content=csv_bytes(rows), campaign=cast.campaigns.campaign,
                      survey=cast.campaigns.survey)


def test_returns_mark_the_copies_returned_and_raise_appeals_of_channel_survey(cast):
    campaign, paper = cast.campaigns.campaign, cast.campaigns.paper_copy
    before = coverage(campaign, cutoff=END).total
    rows = [HEADER, [cast.enterprise.credit_code, "2026-06-20", "纸质", "是", "",
                     "希望简化台胞出入境手续", "出入境", "流动资金贷款续贷难", "financing"]]

    job = import_returns(cast, rows)

    assert job.state == ImportState.DONE, (job.message, job.problems)
    paper.refresh_from_db()
    assert (paper.returned_on, paper.return_method) == (datetime.date(2026, 6, 20),
                                                        DistributionMethod.PAPER)
    question = cast.campaigns.opinion_form.questions.get(order=1)
    assert paper.response.answers == {str(question.pk): True}
    raised = RaisedAppeal.objects.filter(distribution=paper).select_related("appeal__category")
    assert sorted((r.appeal.title, r.appeal.category.code, r.appeal.channel, r.raised_on)
                  for r in raised) == [
        ("希望简化台胞出入境手续", "entry_residence", Channel.SURVEY, datetime.date(2026, 6, 20)),
        ("流动资金贷款续贷难", "financing", Channel.SURVEY, datetime.date(2026, 6, 20))]
    event = Event.objects.get(verb="campaign.survey_returned")
    assert event.timeline == f"enterprises.enterprise:{cast.enterprise.pk}"
    assert sorted(event.changes["appeals"]) == sorted(r.appeal.reference for r in raised)
    after = coverage(campaign, cutoff=END).total
    assert (after.returned, after.appeals_raised) == (before.returned + 1,
                                                      before.appeals_raised + 2)


def test_the_next_return_takes_the_next_copy_and_then_there_is_none_left(cast):
    row = [cast.enterprise.credit_code, "2026-06-21", "在线", "否", "无", "", "", "", ""]
    assert import_returns(cast, [HEADER, row]).state == ImportState.DONE
    assert import_returns(cast, [HEADER, row]).state == ImportState.DONE
    assert not Distribution.objects.filter(returned_on__isnull=True).exists()

    job = import_returns(cast, [HEADER, row])

    assert job.problems == [[2, "统一社会信用代码", cast.enterprise.credit_code,
                             "The opinion form of this enterprise has already been returned."]]


def test_every_kind_of_bad_return_is_reported(cast):
    (other,) = enterprises_in("370102", 1)
    code = cast.enterprise.credit_code
    rows = [HEADER,
            [other.credit_code, "2026-06-20", "纸质", "是", "", "", "", "", ""],        # 2
            [code, "2026-06-05", "传真", "", "", "", "类别", "税收太高", "税收"],        # 3
            [code, "2026-06-20", "纸质", "是", "", "意见", "", "", ""]]                  # 4
    appeals = Appeal.objects.count()

    job = import_returns(cast, rows, actor=cast.city)

    found = {(row, column): message for row, column, _value, message in job.problems}
    assert found == {
        (2, "统一社会信用代码"): "The opinion form was not handed out to this enterprise in this "
                               "survey.",
        (3, "收回日期"): "A form cannot come back before it was handed out.",
        (3, "方式"): "Write 纸质 or 在线.",
        (3, "是否了解惠台政策"): "This question must be answered.",
        (3, "意见1"): "A category without an opinion: write the opinion or clear the category.",
        (3, "类别2"): "“税收” is not an appeal category.",
        (4, "统一社会信用代码"): "This enterprise's return is already in row 3.",
        (4, "类别1"): "Say which appeal category this opinion belongs to.",
    }
    assert Appeal.objects.count() == appeals
    assert not Distribution.objects.filter(returned_on__isnull=False).exists()


def test_an_opinion_column_needs_its_category_column(cast):
    rows = [["统一社会信用代码", "收回日期", "方式", "是否了解惠台政策", "意见1", "意见11"],
            [cast.enterprise.credit_code, "2026-06-20", "纸质", "是", "x", ""]]

    job = import_returns(cast, rows)

    assert job.message == ("Row 1 does not match the template. Missing columns: 类别1. "
                           "Unknown columns: 意见11. Download the template to see the columns.")
