"""Importing visits into a launched campaign: all rows or none, every problem named."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from qinshang.campaigns import services as campaigns
from qinshang.campaigns.models import CampaignKind, Visit
from qinshang.events.models import Event
from qinshang.figures.campaigns import coverage
from qinshang.imports.models import ImportState
from qinshang.questionnaires.models import FormResponse
from qinshang.regions.models import Region
from qinshang.testing import factories as f
from qinshang.testing.cast import CAMPAIGN_AT
from qinshang.testing.factories import credit_code

from .conftest import VISIT_HEADER, csv_bytes, enterprises_in, run_import, visit_row, xlsx_bytes

END = datetime.date(2026, 6, 30)


def import_visits(cast, rows, *, actor=None, name="走访.csv", content=None, campaign=None):
    return run_import(actor=actor or cast.owner, kind="visits", name=name,
                      content=content if content is not None else csv_bytes(rows),
                      campaign=campaign or cast.campaigns.campaign)


def nothing_written(visits_before: int, events_before: int) -> bool:
    return Visit.objects.count() == visits_before and Event.objects.count() == events_before


def test_a_good_file_records_every_visit_and_coverage_counts_them(cast):
    campaign = cast.campaigns.campaign
    extra = enterprises_in("370102", 3)
    rows = [VISIT_HEADER, visit_row(cast.enterprise, persons="陈志明", people=2),
            *[visit_row(enterprise, day="2026-06-15", method="电话") for enterprise in extra]]
    before = coverage(campaign, cutoff=END).total

    job = import_visits(cast, rows, name="走访.xlsx", content=xlsx_bytes(rows))

    assert (job.state, job.message, job.problems) == (ImportState.DONE, "", [])
    assert (job.rows_total, job.rows_done, job.written) == (4, 4, 4)
    after = coverage(campaign, cutoff=END).total
    assert after.visits == before.visits + 4
    assert after.enterprises_visited == before.enterprises_visited + 3  # the cast's one again
    assert after.people_met == before.people_met + 2 + 3
    visit = Visit.objects.get(enterprise=cast.enterprise, visited_on=datetime.date(2026, 6, 12))
    assert (visit.campaign, visit.region_id, visit.method) == (campaign, "370102", "on_site")
    assert list(visit.staff.all()) == [cast.owner]
    assert list(visit.persons_met.all()) == [cast.person]  # 陈志明 found as 陳志明
    assert visit.report is None  # the file has no report-form columns


def test_each_visit_gets_the_event_visit_record_writes_and_the_job_one_more(cast):
    job = import_visits(cast, [VISIT_HEADER, visit_row(cast.enterprise, staff="owner、city")])

    visit = Visit.objects.get(enterprise=cast.enterprise, visited_on=datetime.date(2026, 6, 12))
    event = Event.objects.get(verb="visit.recorded", target_id=str(visit.pk))
    assert event.timeline == f"enterprises.enterprise:{cast.enterprise.pk}"
    assert (event.actor, event.region_code, event.target_type) == (cast.owner, "370102",
                                                                   "campaigns.visit")
    assert event.changes == {"visited_on": "2026-06-12", "method": "on_site", "people_met": 1,
                             "summary": "走访座谈", "campaign": str(cast.campaigns.campaign),
                             "staff": [str(cast.owner), str(cast.city)], "appeals": []}
    completed = Event.objects.get(verb="import.completed")
    assert completed.target_id == str(job.pk)
    assert completed.timeline == f"campaigns.campaign:{cast.campaigns.campaign.pk}"
    assert completed.changes["written"] == 1


def test_one_bad_row_among_1000_writes_nothing_and_names_its_row_and_column(cast):
    enterprises = enterprises_in("370102", 1000)
    rows = [VISIT_HEADER, *[visit_row(enterprise) for enterprise in enterprises]]
    rows[537][1] = "2026-02-30"  # Excel's row 538
    visits, events = Visit.objects.count(), Event.objects.count()

    job = import_visits(cast, rows)

    assert job.state == ImportState.FAILED
    assert (job.rows_total, job.problem_count) == (1000, 1)
    assert job.problems == [[538, "走访日期", "2026-02-30",
                             "“2026-02-30” is not a date: write it as 2026-06-10."]]
    assert nothing_written(visits, events)
    report = load_workbook(job.report.open("rb"), read_only=True).worksheets[0]
    assert list(report.iter_rows(values_only=True))[1] == (
        538, "走访日期", "2026-02-30", "“2026-02-30” is not a date: write it as 2026-06-10.")


def test_every_kind_of_bad_row_is_reported_with_its_column(cast):
    e = enterprises_in("370102", 14)
    wrong_check = e[0].credit_code[:17] + ("0" if e[0].credit_code[17] != "0" else "1")
    not_on_file = credit_code("370102", 999_999)
    rows = [
        VISIT_HEADER,
        [wrong_check, "2026-06-12", "实地", "owner", 1, "", ""],                     # 2
        [not_on_file, "2026-06-12", "实地", "owner", 1, "", ""],                     # 3
        visit_row(cast.foreign_enterprise),                                           # 4
        visit_row(e[1], day="2026-07-05"),                                            # 5
        visit_row(e[2], day="2026-05-20"),                                            # 6
        visit_row(e[3], day="六月十二日"),                                             # 7
        visit_row(e[4], method="拜访"),                                               # 8
        visit_row(e[5], staff="owner;nobody"),                                        # 9
        visit_row(e[6], people="2.5"),                                                # 10
        visit_row(cast.enterprise, persons="陈志明", people=0),                        # 11
        visit_row(e[7], persons="王小明"),                                             # 12
        visit_row(e[8]),                                                              # 13
        visit_row(e[8]),                                                              # 14
        visit_row(cast.enterprise, day="2026-06-10"),                                 # 15
        visit_row(e[9], staff=""),                                                    # 16
    ]
    visits, events = Visit.objects.count(), Event.objects.count()

    job = import_visits(cast, rows)

    found = {(row, column): message for row, column, _value, message in job.problems}
    assert "check character" in found[2, "统一社会信用代码"]
    not_found = "No enterprise in your jurisdiction has this credit code."
    assert found[3, "统一社会信用代码"] == not_found
    # Another county's enterprise answers like one not on file.
    assert found[4, "统一社会信用代码"] == found[3, "统一社会信用代码"]
    assert found[5, "走访日期"] == "The date cannot be in the future."
    assert found[6, "走访日期"] == ("The date is outside the campaign's period (2026-06-01 to "
                                  "2026-06-30).")
    assert found[7, "走访日期"] == "“六月十二日” is not a date: write it as 2026-06-10."
    assert found[8, "走访方式"] == "Write 实地, 电话 or 视频."
    assert found[9, "走访人员"] == "No user has the user name nobody."
    assert found[10, "走访台商人数"] == "Write the number of people met as a whole number."
    assert found[11, "走访台商人数"] == ("1 people are named as met, more than the number "
                                      "given.")
    assert found[12, "见到的台商"] == "Not a person on file for this enterprise: 王小明."
    assert found[14, "统一社会信用代码"] == ("The same visit (enterprise and date) is already in "
                                         "row 13.")
    assert found[15, "走访日期"] == "A visit to this enterprise on this day is already recorded."
    assert found[16, "走访人员"] == "Name at least one member of staff who visited."
    assert len(found) == job.problem_count == 14
    assert nothing_written(visits, events)


def test_an_enterprise_outside_the_campaigns_scope_is_named(cast):
    weifang = f.EnterpriseFactory(region_id="370702")

    job = import_visits(cast, [VISIT_HEADER, visit_row(weifang, staff="province")],
                        actor=cast.province)

    assert job.problems == [[2, "统一社会信用代码", weifang.credit_code,
                             "The enterprise is outside the campaign's scope (济南市)."]]


def test_report_form_columns_fill_in_the_report_and_are_checked_like_the_form(cast):
    e = enterprises_in("370102", 3)
    header = [*VISIT_HEADER, "企业经营状况", "在岗职工人数"]
    good = [header, [*visit_row(e[0]), "良好", 120], [*visit_row(e[1]), "困难", ""]]

    job = import_visits(cast, good)

    assert job.state == ImportState.DONE, job.problems
    visit = Visit.objects.get(enterprise=e[0])
    questions = {q.text: str(q.pk) for q in cast.campaigns.visit_form.questions.all()}
    assert visit.report.answers == {questions["企业经营状况"]: "良好",
                                    questions["在岗职工人数"]: "120"}
    assert Visit.objects.get(enterprise=e[1]).report.answers == {questions["企业经营状况"]: "困难"}

    responses = FormResponse.objects.count()
    bad = [header, [*visit_row(e[2]), "很好", "许多"], [*visit_row(e[2], day="2026-06-13"), "", 5]]
    job = import_visits(cast, bad)
    assert [problem[:2] + problem[3:] for problem in job.problems] == [
        [2, "企业经营状况", "“很好” is not one of the options."],
        [2, "在岗职工人数", "Enter a number."],
        [3, "企业经营状况", "This question must be answered."],
    ]
    assert FormResponse.objects.count() == responses


def test_a_required_question_column_must_be_there_once_the_report_form_is(cast):
    job = import_visits(cast, [[*VISIT_HEADER, "在岗职工人数"],
                               [*visit_row(cast.enterprise), 120]])
    assert job.message == ("Row 1 does not match the template. Missing columns: 企业经营状况. "
                           "Download the template to see the columns.")


def test_a_wrong_header_names_the_missing_and_the_unknown_columns(cast):
    rows = [["信用代码", "走访日期", "走访方式", "走访人员", "人数", "备注"],
            ["91370102000000001X", "2026-06-12", "实地", "owner", 1, ""]]

    job = import_visits(cast, rows)

    assert job.state == ImportState.FAILED
    assert job.message == ("Row 1 does not match the template. Missing columns: "
                           "统一社会信用代码、走访台商人数. Unknown columns: 信用代码、人数、备注. "
                           "Download the template to see the columns.")
    assert job.problem_count == 0


def test_english_and_traditional_titles_are_accepted(cast):
    rows = [["Credit code", "Visit date", "Method", "Staff", "People met", "情況摘要"],
            [cast.enterprise.credit_code, "2026/6/12", "phone", "owner", "1", "電話回訪"]]

    job = import_visits(cast, rows)

    assert job.state == ImportState.DONE, job.message
    assert Visit.objects.get(visited_on=datetime.date(2026, 6, 12)).summary == "電話回訪"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_a_csv_saved_by_excel_imports(cast, encoding):
    rows = [VISIT_HEADER, visit_row(cast.enterprise, day="2026年6月13日", persons="陳志明")]

    job = import_visits(cast, rows, content=csv_bytes(rows, encoding))

    assert job.state == ImportState.DONE, (job.message, job.problems)
    visit = Visit.objects.get(visited_on=datetime.date(2026, 6, 13))
    assert (visit.summary, list(visit.persons_met.all())) == ("走访座谈", [cast.person])


def test_dates_from_date_cells_are_taken_as_dates(cast):
    rows = [VISIT_HEADER, visit_row(cast.enterprise, day=datetime.datetime(2026, 6, 14))]
    job = import_visits(cast, rows, name="走访.xlsx", content=xlsx_bytes(rows))
    assert job.state == ImportState.DONE, job.problems
    assert Visit.objects.filter(visited_on=datetime.date(2026, 6, 14)).count() == 1


def test_a_campaign_not_running_takes_no_visits(cast):
    draft = campaigns.campaign_create(
        actor=cast.city, scope=Region.objects.get(code="370100"),
        offices=[f.office_at("370100")], at=CAMPAIGN_AT,
        data={"name": "草稿", "kind": CampaignKind.VISIT_SEASON,
              "starts_on": datetime.date(2026, 6, 1), "ends_on": datetime.date(2026, 6, 30)})

    job = import_visits(cast, [VISIT_HEADER, visit_row(cast.enterprise)], campaign=draft)

    assert job.state == ImportState.FAILED
    assert "only while the campaign runs" in job.message
    assert job.rows_total is None  # refused before reading a row


def test_a_file_that_is_not_a_spreadsheet_fails_the_job_with_the_reason(cast):
    job = import_visits(cast, [], name="走访.xlsx", content=b"%PDF-1.7\n" + bytes(300))
    assert (job.state, job.message) == (ImportState.FAILED,
                                        "This file is not an xlsx or csv spreadsheet.")


def test_the_problem_report_holds_every_problem_beyond_those_shown(cast):
    rows = [VISIT_HEADER, *[["91370102000000001X", "2026-06-12", "实地", "owner", 1, "", ""]
                            for _ in range(250)]]

    job = import_visits(cast, rows)

    assert (job.problem_count, len(job.problems), job.problems_hidden) == (250, 200, 50)
    sheet = load_workbook(io.BytesIO(job.report.read()), read_only=True).worksheets[0]
    assert sum(1 for _row in sheet.iter_rows(min_row=2)) == 250


def test_a_file_over_the_row_limit_is_refused_naming_the_limit_before_any_row_is_checked(cast):
    line = visit_row(cast.enterprise)
    content = csv_bytes([VISIT_HEADER, *([line] * 100_001)])

    job = import_visits(cast, [], content=content)

    assert job.state == ImportState.FAILED
    assert job.message == ("The file has more than 100,000 data rows, the most one import takes. "
                           "Split it into several files.")
    assert (job.rows_total, job.problem_count) == (None, 0)
