"""The summary report page and the ``report`` command."""

from __future__ import annotations

import datetime
import io
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from qinshang.core.spreadsheets import XLSX
from qinshang.reports.docx_writer import DOCX
from qinshang.reports.summary import cutoff_phrase

pytestmark = pytest.mark.django_db


def url(season) -> str:
    return reverse("reports:campaign_summary", kwargs={"pk": season.campaign.pk})


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def download_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    return unquote(disposition.split("filename*=utf-8''", 1)[1])


def test_the_page_previews_the_scope_up_to_the_campaigns_last_day(client, cast, season):
    client.force_login(cast.province)
    response = client.get(url(season))

    assert response.status_code == 200
    page = response.content.decode()
    # Today is long after the season: the default cut-off is its last day, the year is named.
    assert "截至2014年3月底，全省台办系统共走访台资企业4家，走访台商8人" in page
    assert "莱芜市" in page
    assert response.context["form"]["region"].value() == "370000"


def test_a_county_officer_sees_their_county_by_default(client, cast, season):
    client.force_login(cast.owner)
    response = client.get(url(season))

    assert response.status_code == 200
    assert response.context["report"].region.code == "370102"
    assert "全区台办共走访台资企业1家" in response.content.decode()
    assert [code for code, _label in response.context["form"].fields["region"].choices] == [
        "370102"]


def test_the_word_download(client, cast, season):
    client.force_login(cast.province)
    response = client.get(url(season), {"region": "370000", "cutoff": "2014-02-28",
                                        "format": "docx"})

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert download_name(response) == "2014台资企业走访季-山东省-20140228.docx"
    document = Document(io.BytesIO(body(response)))
    assert any(p.text.startswith("截至2014年2月底，全省台办系统共走访台资企业3家")
               for p in document.paragraphs)


def test_the_excel_download_of_a_city(client, cast, season):
    client.force_login(cast.city)
    response = client.get(url(season), {"region": "370100", "cutoff": "2014-02-15",
                                        "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert download_name(response) == "2014台资企业走访季-济南市-20140215.xlsx"
    sheet = load_workbook(io.BytesIO(body(response)))["总结"]
    assert sheet["A1"].value == "《2014台资企业走访季》总结讲评 — 济南市"


def test_a_division_outside_the_viewers_reach_is_refused(client, cast, season):
    client.force_login(cast.owner)  # 历下区
    response = client.get(url(season), {"region": "370103", "cutoff": "2014-02-28",
                                        "format": "docx"})

    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert response.context["form"].errors["region"]
    # The preview stays on the officer's own county.
    assert response.context["report"].region.code == "370102"


@pytest.mark.parametrize("cutoff", ["2014-04-15", "2014-01-05", "2014-02-30", "yesterday"])
def test_a_cutoff_outside_the_period_or_not_a_date_is_a_form_error(client, cast, season,
                                                                     cutoff):
    client.force_login(cast.province)
    response = client.get(url(season), {"cutoff": cutoff, "format": "xlsx"})

    assert response.status_code == 400
    assert response.context["form"].errors["cutoff"]
    assert "Content-Disposition" not in response


def test_an_unknown_format_is_a_form_error(client, cast, season):
    client.force_login(cast.province)
    response = client.get(url(season), {"format": "pdf"})

    assert response.status_code == 400
    assert response.context["form"].errors["format"]


def test_markup_in_names_is_shown_as_text(client, cast, season):
    season.campaign.teams.update(name="<script>alert(1)</script>")
    client.force_login(cast.province)
    page = client.get(url(season)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_command_writes_the_file(season, tmp_path):
    output = tmp_path / "report.xlsx"
    out = io.StringIO()
    call_command("report", "campaign", str(season.campaign.pk), "--region", "370000",
                 "--cutoff", "2014-02-28", "--format", "xlsx", "--output", str(output),
                 stdout=out)

    sheet = load_workbook(output)["总结"]
    assert sheet["A1"].value == "《2014台资企业走访季》总结讲评 — 山东省"
    assert "全省台办系统共走访台资企业3家" in out.getvalue()


@pytest.mark.parametrize(("arguments", "message"), [
    (["--region", "370700x"], "not a division code"),
    (["--region", "440100"], "outside the campaign's scope"),
    (["--cutoff", "2014-05-01"], "outside the campaign"),
    (["--cutoff", "28.2.2014"], "not a date"),
])
def test_the_command_refuses_bad_arguments(season, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "campaign", str(season.campaign.pk), *arguments,
                     "--output", str(tmp_path / "x.docx"))


# The cast's campaign ended on 2026-06-30: the page's default cut-off. (The year is named once
# the report is generated in a later year.)
JUNE = "截至" + cutoff_phrase(datetime.date(2026, 6, 30), timezone.localdate())
CITY_OPENING = (f"{JUNE}，全市台办系统共走访台资企业1家，走访台商1人，发放《征求意见表》2份，"
                "召开座谈会1场。")
COUNTY_OPENING = f"{JUNE}，全区台办共走访台资企业1家，走访台商1人，发放《征求意见表》2份。"


@pytest.mark.parametrize(("member", "division", "opening"), [
    ("owner", "370102", COUNTY_OPENING),
    ("reader", "370102", COUNTY_OPENING),
    ("neighbour", "370103", f"{JUNE}，全区台办尚无走访记录。"),
    ("city", "370100", CITY_OPENING),
    ("province", "370100", CITY_OPENING),
])
def test_each_member_of_the_cast_sees_their_own_part(client, cast, member, division, opening):
    from qinshang.testing.cast import build_campaign_cast

    campaign = build_campaign_cast(cast).campaign
    client.force_login(getattr(cast, member))
    response = client.get(reverse("reports:campaign_summary", kwargs={"pk": campaign.pk}))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.region.code == division
    assert report.sentences[0] == opening
    other = {"370102": "370103", "370103": "370102", "370100": "370700"}[division]
    refused = client.get(reverse("reports:campaign_summary", kwargs={"pk": campaign.pk}),
                         {"region": other, "format": "docx"})
    assert refused.status_code == 400
