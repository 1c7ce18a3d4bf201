"""The project pages: the list with its filters and export, a new project, its page with the
timeline, the edit (and a stale edit), recording a stage, and bad input refused beside its field
with nothing written."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.projects.forms import ProjectForm
from qinshang.projects.models import Project, ProjectStage, StageKind
from qinshang.projects.tests.helpers import day, new_project, stage

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def errors_beside(response, name: str) -> list[str]:
    page = response.content.decode()
    starts = [match.start() for match in re.finditer(r'<div class="field[ "]', page)]
    for start, end in zip(starts, [*starts[1:], len(page)], strict=True):
        block = page[start:end]
        if f'name="{name}"' in block:
            return [unescape(text) for text in
                    re.findall(r'<p class="error" role="alert">([^<]+)<', block)]
    raise AssertionError(f"no field {name}")


def snapshot() -> tuple:
    return (list(Project.objects.order_by("pk").values()),
            list(ProjectStage.objects.order_by("pk").values()))


def new_project_post(**changes) -> dict:
    data = {"name": "台资新能源电池项目", "investor": "台湾新能源股份有限公司",
            "investor_origin": "710000", "region": "370102", "industry": "38",
            "contracted_investment": "120,000,000.00", "signed_on": "2026-05-08",
            "signing_event": "", "enterprise": "", "notes": ""}
    data.update(changes)
    return data


def test_a_new_project_from_the_form(client, cast):
    english(client).force_login(cast.owner)
    assert client.get(reverse("projects:create")).status_code == 200
    response = client.post(reverse("projects:create"), new_project_post())
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    assert project.contracted_investment == Decimal("120000000.00")
    page = client.get(response["Location"]).content.decode()
    assert "120,000,000.00" in page and "1.20 hundred million yuan" in page


@pytest.mark.parametrize(("field", "value", "words"), [
    ("contracted_investment", "一百万", "as a number"),
    ("contracted_investment", "12abc", "as a number"),
    ("contracted_investment", "-5", "more than zero"),
    ("contracted_investment", "0", "more than zero"),
    ("signed_on", "2099-01-01", "future"),
    ("region", "370103", "Unknown division"),
])
def test_bad_input_of_the_project_form_is_refused_beside_its_field(client, cast, field, value,
                                                                   words):
    english(client).force_login(cast.owner)
    before = snapshot()
    response = client.post(reverse("projects:create"), new_project_post(**{field: value}))
    assert response.status_code == 400
    assert any(words in message for message in errors_beside(response, field))
    assert snapshot() == before


def test_the_form_without_its_signing_event_field(cast):
    form = ProjectForm(user=cast.owner, with_signing_event=False)
    assert "signing_event" not in form.fields and "name" in form.fields


def test_recording_stages_on_the_page_and_the_timeline(client, cast):
    project = new_project(cast.owner)
    english(client).force_login(cast.owner)
    url = reverse("projects:stage_create", args=[project.pk])
    for data in ({"kind": "funds", "happened_on": "2025-04-02", "amount": "3,000,000"},
                 {"kind": "funds", "happened_on": "2025-06-30", "amount": "1500000.50",
                  "note": "第二笔"},
                 {"kind": "construction", "happened_on": "2025-07-01", "amount": ""}):
        assert client.post(url, data).status_code == 302
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "4,500,000.50" in page
    timeline = page[page.index("project-timeline"):]
    assert timeline.index("3,000,000.00") < timeline.index("1,500,000.50") < \
        timeline.index("Construction started")
    assert "第二笔" in timeline and "recorded by" in timeline


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"kind": "funds", "happened_on": "2025-04-02", "amount": "三百万"}, "amount",
     "as a number"),
    ({"kind": "funds", "happened_on": "2025-04-02", "amount": "-100"}, "amount",
     "more than zero"),
    ({"kind": "funds", "happened_on": "2025-04-02", "amount": ""}, "amount", "Give the amount"),
    ({"kind": "funds", "happened_on": "2025-02-01", "amount": "100"}, "happened_on",
     "cannot come before"),
    ({"kind": "funds", "happened_on": "2099-02-01", "amount": "100"}, "happened_on", "future"),
    ({"kind": "production", "happened_on": "2025-05-01", "amount": ""}, "kind",
     "construction before"),
    ({"kind": "stalled", "happened_on": "2025-05-01", "amount": ""}, "kind",
     "Select a valid choice"),
])
def test_bad_stages_are_refused_on_the_page(client, cast, data, field, words):
    project = new_project(cast.owner)
    english(client).force_login(cast.owner)
    before = snapshot()
    response = client.post(reverse("projects:stage_create", args=[project.pk]), data)
    assert response.status_code == 400
    assert any(words in message for message in errors_beside(response, field)), \
        errors_beside(response, field)
    assert snapshot() == before


def test_the_edit_and_a_stale_edit(client, cast):
    project = new_project(cast.owner)
    english(client).force_login(cast.owner)
    url = reverse("projects:edit", args=[project.pk])
    data = new_project_post(name="改名后的项目", signed_on="2025-03-01", version="1")
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "又改名"})   # still version 1
    assert response.status_code == 409
    assert "Someone else changed this project" in response.content.decode()
    assert Project.objects.get().name == "改名后的项目"


def test_the_list_filters_and_export(client, cast):
    first = new_project(cast.owner, name="轴承扩产项目", investor="台湾精密")
    stage(cast.owner, first, StageKind.CONSTRUCTION, day(4))
    new_project(cast.owner, name="食品城项目", investor="统一企业")
    english(client).force_login(cast.owner)
    page = client.get(reverse("projects:list"), {"stage": "construction"}).content.decode()
    assert "轴承扩产项目" in page and "食品城项目" not in page
    page = client.get(reverse("projects:list"), {"q": "统一"}).content.decode()
    assert "食品城项目" in page and "轴承扩产项目" not in page
    page = client.get(reverse("projects:list"), {"signed_from": "2025-04-01"}).content.decode()
    assert "No project matches." in page
    export = client.get(reverse("projects:export"), {"q": "精密"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "轴承扩产项目" and rows[1][9] == 10000000


def test_the_list_needs_the_same_queries_for_few_and_many(client, cast,
                                                         django_assert_max_num_queries):
    client.force_login(cast.owner)
    new_project(cast.owner)
    with django_assert_max_num_queries(10):
        client.get(reverse("projects:list"))
    for number in range(20):
        new_project(cast.owner, name=f"项目{number}", signed_on=datetime.date(2025, 1, 2))
    with django_assert_max_num_queries(10):
        client.get(reverse("projects:list"))
