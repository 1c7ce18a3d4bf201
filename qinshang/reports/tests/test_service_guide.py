"""The service guide (办事指南): ticked policies compiled into one docx with a title page, a real
table of contents (a TOC field and the headings written out), one chapter per topic and each
policy in full; a policy out of the user's reach cannot be slipped in."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from qinshang.offices.models import Office
from qinshang.policies.models import Policy, PolicyTopic, Topic
from qinshang.testing.cast import NEIGHBOUR_COUNTY, OWNER_COUNTY, PROVINCE

pytestmark = pytest.mark.django_db

URL = "reports:service_guide"


def policy(code: str, title: str, topics: list[str], **fields) -> Policy:
    office = Office.objects.get(region_id=code)
    made = Policy.objects.create(
        title=title, issuer=fields.pop("issuer", "山东省人民政府办公厅"),
        document_number=fields.pop("document_number", ""),
        issued_on=fields.pop("issued_on", datetime.date(2020, 2, 10)), office=office,
        region_id=code, summary=fields.pop("summary", f"{title}的要点。"),
        full_text=fields.pop("full_text", ""), **fields)
    PolicyTopic.objects.bulk_create(PolicyTopic(policy=made, topic=topic) for topic in topics)
    return made


@pytest.fixture
def library(cast):
    return {
        "tax": policy(PROVINCE, "关于减免中小企业房租的通知", [Topic.TAX_RELIEF, Topic.EPIDEMIC],
                      document_number="鲁政办字〔2020〕17号",
                      valid_from=datetime.date(2020, 2, 1),
                      valid_until=datetime.date(2020, 12, 31),
                      full_text="第一条 对承租国有资产类经营用房的中小企业免收2个月房租。\n"
                                "第二条 本通知自印发之日起施行。"),
        "jobs": policy(OWNER_COUNTY, "历下区稳岗返还实施细则", [Topic.EMPLOYMENT],
                       issuer="历下区人力资源和社会保障局", document_number="历人社发〔2020〕3号",
                       full_text="符合条件的企业返还上年度实际缴纳失业保险费的50%。"),
        "trade": policy(PROVINCE, "支持外贸企业稳订单拓市场的若干措施", [Topic.FOREIGN_TRADE]),
        "neighbour": policy(NEIGHBOUR_COUNTY, "市中区台企专项扶持办法", [Topic.FINANCING]),
    }


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """The guide is written in the user's language: English here, so that the assertions do
    not depend on the catalogues."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def download(client, user, ids, title="山东省贯彻落实“26条措施”办事指南"):
    client.force_login(user)
    return client.post(reverse(URL), {"title": title, "policies": [str(pk) for pk in ids]})


def document_of(response) -> Document:
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_the_page_lists_only_the_policies_the_user_may_see(client, cast, library):
    client.force_login(cast.owner)
    page = client.get(reverse(URL)).content.decode()
    assert library["jobs"].title in page and library["tax"].title in page
    assert library["neighbour"].title not in page
    filtered = client.get(reverse(URL), {"topic": Topic.EMPLOYMENT}).content.decode()
    assert library["jobs"].title in filtered and library["tax"].title not in filtered


def test_the_guide_has_a_title_page_a_table_of_contents_and_a_chapter_per_topic(
        client, cast, library):
    response = download(client, cast.owner, [library["tax"].pk, library["jobs"].pk,
                                             library["trade"].pk])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument"
                                               ".wordprocessingml")
    assert ".docx" in response["Content-Disposition"]
    document = document_of(response)
    texts = [p.text for p in document.paragraphs]
    assert "山东省贯彻落实“26条措施”办事指南" in texts
    assert "历下区台办" in texts  # the compiling office on the title page

    # One chapter per topic, in the library's order; the rent policy stands under its first.
    assert headings(document, 1) == ["一、Tax and fee relief", "二、Employment",
                                     "三、Foreign trade"]
    assert headings(document, 2) == ["（一）关于减免中小企业房租的通知",
                                     "（一）历下区稳岗返还实施细则",
                                     "（一）支持外贸企业稳订单拓市场的若干措施"]

    # A real TOC field that Word and LibreOffice fill in, and Word is asked to update it.
    body = document.element.body.xml
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert 'w:fldCharType="begin"' in body and 'w:fldCharType="end"' in body
    assert "updateFields" in document.settings.element.xml
    # The headings written out below it, numbered, before the first chapter.
    first_chapter = next(number for number, p in enumerate(document.paragraphs)
                         if p.style.name == "Heading 1")
    written = texts[texts.index("Contents"):first_chapter]
    assert [line for line in written if line.startswith(("一", "二", "三", "（"))] == [
        "一、Tax and fee relief", "（一）关于减免中小企业房租的通知", "二、Employment",
        "（一）历下区稳岗返还实施细则", "三、Foreign trade",
        "（一）支持外贸企业稳订单拓市场的若干措施"]

    # Each policy in full: issuer, number, date, validity, summary and text.
    assert "Issuing body：山东省人民政府办公厅" in texts
    assert "Document number：鲁政办字〔2020〕17号" in texts
    assert "Date issued：2020-02-10" in texts
    assert "Validity：2020-02-01 – 2020-12-31" in texts
    assert "关于减免中小企业房租的通知的要点。" in texts
    assert "第一条 对承租国有资产类经营用房的中小企业免收2个月房租。" in texts
    assert "符合条件的企业返还上年度实际缴纳失业保险费的50%。" in texts


def test_a_policy_outside_the_users_reach_cannot_be_included(client, cast, library):
    response = download(client, cast.owner, [library["jobs"].pk, library["neighbour"].pk])
    assert response.status_code == 404
    assert library["neighbour"].title.encode() not in response.content
    # The neighbour county may not compile the owner county's policy either.
    assert download(client, cast.neighbour, [library["jobs"].pk]).status_code == 404
    assert download(client, cast.neighbour, [library["neighbour"].pk]).status_code == 200
    # A province policy is read by the offices below it.
    assert download(client, cast.other_city, [library["trade"].pk]).status_code == 200


@pytest.mark.parametrize(("data", "field"), [
    ({"title": "指南"}, "policies"),
    ({"title": "指南", "policies": ["x"]}, "policies"),
    ({"title": " ", "policies": ["1"]}, "title"),
])
def test_bad_input_is_a_form_error(client, cast, library, data, field):
    client.force_login(cast.owner)
    response = client.post(reverse(URL), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert errors and errors[0] in response.content.decode()


def test_department_liaisons_and_portal_users_find_nothing(client, cast, library):
    for user in (cast.department, cast.portal):
        assert download(client, user, [library["trade"].pk]).status_code == 404
