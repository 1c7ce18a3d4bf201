"""Importing projects and fund arrivals from xlsx or csv: a good file writes every row through
the services; a file with one bad row writes nothing and the report names the row (as Excel
numbers it), the column and what is wrong; the upload pages and the job page."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from qinshang.events.models import Event
from qinshang.imports.models import ImportJob, ImportKind, ImportState
from qinshang.imports.services import import_job_create, import_job_run
from qinshang.projects.models import Project, ProjectStage
from qinshang.projects.tests.helpers import new_project

pytestmark = pytest.mark.django_db
AT = datetime.datetime(2026, 6, 30, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PROJECT_HEADER = ["项目名称", "投资方", "投资方来源", "行政区划代码", "行业代码",
                  "合同投资额（元）", "签约日期", "签约活动", "统一社会信用代码", "备注"]
FUNDS_HEADER = ["项目编号", "项目名称", "到位日期", "到位金额（元）", "备注"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def xlsx(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目")
    for row in rows:
        sheet.append(list(row))
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def csv_gb18030(rows) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("gb18030")


def run(actor, kind: str, name: str, content: bytes) -> ImportJob:
    job = import_job_create(actor=actor, kind=kind, campaign=None,
                            upload=File(io.BytesIO(content), name=name), language="en", at=AT)
    return import_job_run(job=job, at=AT)


def state() -> tuple:
    return (list(Project.objects.order_by("pk").values()),
            list(ProjectStage.objects.order_by("pk").values()), Event.objects.count())


def test_a_good_file_of_projects_writes_every_row(cast):
    rows = [PROJECT_HEADER,
            ["精密轴承扩产项目", "台湾精密工业股份有限公司", "台湾", "370102", "34", 80000000,
             "2025-09-12", "", cast.enterprise.credit_code, ""],
            ["食品城项目", "香港统合食品有限公司", "香港", "370102", "14", "12,500,000.50",
             datetime.date(2025, 10, 8), "", "", "二期"]]
    job = run(cast.owner, ImportKind.PROJECTS, "projects.xlsx", xlsx(rows))
    assert (job.state, job.written) == (ImportState.DONE, 2), job.problems or job.message
    first, second = Project.objects.order_by("pk")
    assert (first.enterprise, first.contracted_investment, first.office.region_id) == (
        cast.enterprise, Decimal("80000000.00"), "370102")
    assert (second.investor_origin, second.contracted_investment, second.notes) == (
        "810000", Decimal("12500000.50"), "二期")
    assert Event.objects.filter(verb="project.created").count() == 2


def test_a_file_with_a_bad_row_writes_nothing_and_names_row_and_column(cast):
    rows = [PROJECT_HEADER,
            ["好项目", "台湾某公司", "", "370102", "34", "1000000", "2025-09-12", "", "", ""],
            ["坏项目", "台湾某公司", "", "370102", "34", "一百万", "2025-09-12", "", "", ""],
            ["邻县项目", "台湾某公司", "", "370103", "34", "-5", "2099-01-01", "", "", ""]]
    before = state()
    job = run(cast.owner, ImportKind.PROJECTS, "projects.csv", csv_gb18030(rows))
    assert job.state == ImportState.FAILED
    assert state() == before
    problems = {(row, column): message for row, column, _value, message in job.problems}
    assert "as a number" in problems[(3, "合同投资额（元）")]
    assert "jurisdiction" in problems[(4, "行政区划代码")]
    assert "more than zero" in problems[(4, "合同投资额（元）")]
    assert "future" in problems[(4, "签约日期")]
    report = load_workbook(job.report.open("rb")).worksheets[0]
    first = next(report.iter_rows(min_row=2, values_only=True))
    assert tuple(first[:2]) == (3, "合同投资额（元）")


def test_fund_arrivals_by_project_number_add_up(cast):
    project = new_project(cast.owner)
    rows = [FUNDS_HEADER,
            [project.pk, project.name, "2025-04-02", 3000000, "首期"],
            [str(project.pk), "", "2025-06-30", "1,500,000.50", ""]]
    job = run(cast.owner, ImportKind.FUND_ARRIVALS, "funds.xlsx", xlsx(rows))
    assert (job.state, job.written) == (ImportState.DONE, 2), job.problems or job.message
    project.refresh_from_db()
    assert project.funds_arrived == Decimal("4500000.50")
    assert project.stages.count() == 2


def test_bad_fund_arrivals_write_nothing(cast):
    project = new_project(cast.owner)
    foreign = new_project(cast.neighbour, name="邻县项目",
                          region=cast.foreign_enterprise.region)
    rows = [FUNDS_HEADER,
            [project.pk, "", "2025-04-02", 3000000, ""],
            [project.pk, "别的名字", "2025-02-01", -1, ""],
            [foreign.pk, "", "2025-04-02", 100, ""],
            [project.pk, "", "2099-04-02", "abc", ""]]
    before = state()
    job = run(cast.owner, ImportKind.FUND_ARRIVALS, "funds.xlsx", xlsx(rows))
    assert job.state == ImportState.FAILED and state() == before
    problems = {(row, column): message for row, column, _value, message in job.problems}
    assert "is called" in problems[(3, "项目名称")]
    assert "signed on 2025-03-01" in problems[(3, "到位日期")]
    assert "more than zero" in problems[(3, "到位金额（元）")]
    assert "No project you may record for" in problems[(4, "项目编号")]
    assert "future" in problems[(5, "到位日期")]
    assert "as a number" in problems[(5, "到位金额（元）")]


def test_the_upload_page_template_and_job_page(client, cast):
    client.force_login(cast.owner)
    assert "项目名称" in client.get(reverse("projects:import")).content.decode()
    template = client.get(reverse("projects:import_template", args=["fund_arrivals"]))
    header = next(load_workbook(io.BytesIO(b"".join(template.streaming_content)))
                  .worksheets[0].iter_rows(values_only=True))
    assert list(header) == FUNDS_HEADER
    upload = SimpleUploadedFile("projects.csv", csv_gb18030([
        PROJECT_HEADER, ["轴承项目", "台湾精密", "", "370102", "34", 5000000, "2025-09-12",
                         "", "", ""]]))
    response = client.post(reverse("projects:import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert job.state == ImportState.DONE and Project.objects.filter(name="轴承项目").exists()
    assert reverse("projects:list") in page
    assert client.get(reverse("projects:import_template", args=["visits"])).status_code == 404
