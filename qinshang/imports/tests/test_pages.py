"""The upload pages, the templates, and the job page with its progress."""

from __future__ import annotations

import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from qinshang.accounts.models import Role, User
from qinshang.campaigns.models import Visit
from qinshang.imports.models import ImportJob, ImportKind, ImportState
from qinshang.testing import factories as f
from qinshang.testing.cast import build_campaign_cast, build_cast

from .conftest import VISIT_HEADER, csv_bytes, enterprises_in, run_import, visit_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def visits_url(cast) -> str:
    return reverse("imports:visits", args=[cast.campaigns.campaign.pk])


def job_of(cast, actor, **fields) -> ImportJob:
    return ImportJob.objects.create(kind=ImportKind.VISITS, actor=actor, original_name="走访.xlsx",
                                    campaign=cast.campaigns.campaign, **fields)


def test_the_upload_page_explains_the_columns_including_the_report_form(english_client, cast):
    english_client.force_login(cast.owner)
    response = english_client.get(visits_url(cast))
    assert response.status_code == 200
    text = response.content.decode()
    for title in (*VISIT_HEADER, "企业经营状况", "在岗职工人数"):
        assert title in text
    assert reverse("imports:template", kwargs={"kind": "visits",
                                               "pk": cast.campaigns.campaign.pk}) in text
    assert "At most 100,000 rows and 20 MB per file." in text


def test_a_small_file_is_imported_within_the_upload(english_client, cast):
    english_client.force_login(cast.owner)
    content = csv_bytes([VISIT_HEADER, visit_row(cast.enterprise)])

    response = english_client.post(visits_url(cast), {"file": upload("走访.csv", content)})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    assert (job.state, job.actor, job.original_name) == (ImportState.DONE, cast.owner, "走访.csv")
    assert job.file.name.startswith("imports/")
    page = english_client.get(response["Location"]).content.decode()
    assert "Imported: 1 visit recorded." in page
    assert "hx-trigger" not in page


@pytest.mark.parametrize(("name", "content"), [
    ("走访.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100)),
    ("走访.xlsx", b"%PDF-1.5\n" + bytes(100)),
])
def test_a_picture_or_pdf_is_refused_on_the_page(english_client, cast, name, content):
    english_client.force_login(cast.owner)

    response = english_client.post(visits_url(cast), {"file": upload(name, content)})

    assert response.status_code == 400
    assert "This file is not an xlsx or csv spreadsheet." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_empty_upload_is_refused_on_the_page(english_client, cast):
    english_client.force_login(cast.owner)
    response = english_client.post(visits_url(cast), {"file": upload("走访.csv", b"")})
    assert response.status_code == 400
    assert "The file is empty." in response.content.decode()


def test_a_launched_campaign_offers_no_target_upload(english_client, cast):
    english_client.force_login(cast.city)
    url = reverse("imports:targets", args=[cast.campaigns.campaign.pk])
    page = english_client.get(url).content.decode()
    assert "The target list was frozen when the campaign was launched." in page
    assert "Check and import" not in page

    content = csv_bytes([["统一社会信用代码"], [cast.enterprise.credit_code]])
    response = english_client.post(url, {"file": upload("名单.csv", content)})
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_the_progress_partial_says_how_far_the_check_has_got_and_keeps_polling(english_client,
                                                                                 cast):
    job = job_of(cast, cast.owner, state=ImportState.VALIDATING, rows_total=100_000,
                 rows_done=40_000)
    english_client.force_login(cast.owner)

    response = english_client.get(reverse("imports:job_progress", args=[job.pk]))

    text = response.content.decode()
    assert "Checked 40,000 of 100,000 rows" in text
    assert f'hx-get="{reverse("imports:job_progress", args=[job.pk])}"' in text
    assert 'hx-trigger="every 1s"' in text
    assert 'value="40000"' in text


def test_a_job_cut_short_says_so_and_stops_polling(english_client, cast):
    long_ago = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    job = job_of(cast, cast.owner, state=ImportState.VALIDATING, rows_total=10, rows_done=2,
                 updated_at=long_ago)
    english_client.force_login(cast.owner)
    text = english_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "This import stopped before it finished" in text
    assert "hx-trigger" not in text


def test_the_job_page_lists_the_problems_and_offers_all_of_them(english_client, cast):
    rows = [VISIT_HEADER, visit_row(cast.enterprise, day="2026-02-30")]
    job = run_import(actor=cast.owner, kind="visits", name="走访.csv", content=csv_bytes(rows),
                     campaign=cast.campaigns.campaign)
    english_client.force_login(cast.owner)

    page = english_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    report = english_client.get(reverse("imports:job_report", args=[job.pk]))

    assert "Nothing was written: the 1 rows hold 1 problem." in page
    assert "“2026-02-30” is not a date" in page
    assert report.status_code == 200
    assert report["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0]
    assert sheet["A2"].value == 2 and sheet["B2"].value == "走访日期"


@pytest.mark.parametrize("name", ["imports:job", "imports:job_progress", "imports:job_report"])
def test_someone_elses_job_is_not_found(client, cast, name):
    rows = [VISIT_HEADER, visit_row(cast.enterprise, day="2026-02-30")]
    job = run_import(actor=cast.owner, kind="visits", name="走访.csv", content=csv_bytes(rows),
                     campaign=cast.campaigns.campaign)
    url = reverse(name, args=[job.pk])
    for other in (cast.city, cast.province, cast.reader):
        client.force_login(other)
        assert client.get(url).status_code == 404, other
    administrator = f.member("root", Role.ADMIN, office=f.office_at("370000"))
    User.objects.filter(pk=administrator.pk).update(is_superuser=True)
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_the_templates_carry_the_columns_of_the_campaign_and_survey(client, cast):
    client.force_login(cast.owner)
    for kind, pk, expected in (
            ("visits", cast.campaigns.campaign.pk, [*VISIT_HEADER, "企业经营状况", "在岗职工人数"]),
            ("survey_returns", cast.campaigns.survey.pk,
             ["统一社会信用代码", "收回日期", "方式", "是否了解惠台政策", "其他意见",
              "意见1", "类别1", "意见2", "类别2", "意见3", "类别3"])):
        response = client.get(reverse("imports:template", kwargs={"kind": kind, "pk": pk}))
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert [cell.value for cell in workbook.worksheets[0][1]] == expected
        assert workbook.worksheets[1].max_row == len(expected) + 1  # one note per column


def test_an_unknown_kind_of_template_is_not_found(client, cast):
    client.force_login(cast.owner)
    url = reverse("imports:template", kwargs={"kind": "appeals", "pk": 1})
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_imported_in_the_background_while_the_page_polls(client, divisions,
                                                                        settings):
    settings.QINSHANG_IMPORT_INLINE_ROWS = 0
    cast = build_cast()
    cast.campaigns = build_campaign_cast(cast)
    enterprises = enterprises_in("370102", 300)
    content = csv_bytes([VISIT_HEADER, *[visit_row(e) for e in enterprises]])
    client.force_login(cast.owner)

    response = client.post(visits_url(cast), {"file": upload("走访.csv", content)})

    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    deadline = time.monotonic() + 10
    while job.active and time.monotonic() < deadline:
        assert client.get(reverse("imports:job_progress", args=[job.pk])).status_code == 200
        time.sleep(0.1)
        job.refresh_from_db()
    assert (job.state, job.written) == (ImportState.DONE, 300)
    assert Visit.objects.filter(campaign=cast.campaigns.campaign).count() == 301


def test_a_file_over_20_mb_is_refused_on_the_page(english_client, cast):
    english_client.force_login(cast.owner)
    content = ",".join(VISIT_HEADER).encode() + b"\r\n" + b"x" * (20 * 1024 * 1024)
    response = english_client.post(visits_url(cast), {"file": upload("走访.csv", content)})
    assert response.status_code == 400
    assert "The file is larger than 20 MB." in response.content.decode()
    assert not ImportJob.objects.exists()
