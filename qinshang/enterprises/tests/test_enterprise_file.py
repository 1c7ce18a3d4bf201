"""The enterprise file as its users work with it: list, filters, export, detail, timeline."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from openpyxl import load_workbook

from qinshang.enterprises.models import Enterprise, Person, SupportMeasure
from qinshang.events.labels import VERB_LABELS
from qinshang.events.models import Event
from qinshang.testing import factories as f

STAFF_LANGUAGE = "zh-hans"


def staff_text(text) -> str:
    """A label as the staff UI shows it (default language), escaped as in the page."""
    with translation.override(STAFF_LANGUAGE):
        return escape(str(gettext(text) if isinstance(text, str) else text))


def listed(response) -> set[int]:
    """Primary keys of the enterprises in the result table."""
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'href="/enterprises/(\d+)/"', response.content.decode())}


def list_as(client, user, **filters) -> set[int]:
    client.force_login(user)
    return listed(client.get(reverse("enterprises:list"), filters))


def edit_data(enterprise: Enterprise, **overrides) -> dict:
    """The edit form as it comes back when the user changes only ``overrides``."""
    enterprise = Enterprise.objects.get(pk=enterprise.pk)
    data = {
        "name": enterprise.name, "trade_name": enterprise.trade_name,
        "credit_code": enterprise.credit_code, "region": enterprise.region_id,
        "address": enterprise.address, "industry": enterprise.industry,
        "origin": enterprise.origin, "registered_capital": str(enterprise.registered_capital),
        "total_investment": "", "employees": "", "status": enterprise.status,
        "liaison_officer": enterprise.liaison_officer_id or "",
        "tags": [tag.pk for tag in enterprise.tags.all()], "version": enterprise.version,
    }
    data.update(overrides)
    return data


# --- list filters -------------------------------------------------------------------------

def test_city_filter_covers_both_counties(client, cast):
    # given enterprises in two Jinan counties and one in Weifang
    weifang = f.EnterpriseFactory(region_id="370702", name="潍坊台资企业")
    # when the city officer and the province officer filter by Jinan
    as_city = list_as(client, cast.city, region="370100")
    as_province = list_as(client, cast.province, region="370100")
    # then both Jinan counties' enterprises are listed and Weifang's is not
    expected = {cast.enterprise.pk, cast.foreign_enterprise.pk}
    assert as_city == expected
    assert as_province == expected
    assert weifang.pk in list_as(client, cast.province)


def test_county_filter_narrows_the_city_list(client, cast):
    assert list_as(client, cast.city, region="370103") == {cast.foreign_enterprise.pk}


def test_filtering_by_a_county_outside_the_jurisdiction_shows_nothing_of_it(client, cast):
    # the neighbour county is not a choice for the owner: the filter is ignored, not obeyed
    assert cast.foreign_enterprise.pk not in list_as(client, cast.owner, region="370103")


def test_industry_section_filter(client, cast):
    software = f.EnterpriseFactory(industry="65")  # I: information technology services
    assert list_as(client, cast.owner, section="I") == {software.pk}
    assert list_as(client, cast.owner, section="C") == {cast.enterprise.pk}


def test_origin_filter(client, cast):
    hong_kong = f.EnterpriseFactory(origin="810000")
    assert list_as(client, cast.owner, origin="810000") == {hong_kong.pk}
    assert list_as(client, cast.owner, origin="710000") == {cast.enterprise.pk}


def test_status_filter(client, cast):
    suspended = f.EnterpriseFactory(status=Enterprise.Status.SUSPENDED)
    assert list_as(client, cast.owner, status="suspended") == {suspended.pk}
    assert list_as(client, cast.owner, status="closed") == set()


def test_tag_filter(client, cast):
    tagged = f.EnterpriseFactory()
    tagged.tags.add(f.tag("专精特新"), f.tag("高新技术"))
    cast.enterprise.tags.add(f.tag("百强"))
    assert list_as(client, cast.owner, tag=f.tag("专精特新").pk) == {tagged.pk}


def test_liaison_officer_filter(client, cast):
    # given one enterprise the owner liaises with and one the reader liaises with
    other = f.EnterpriseFactory(liaison_officer=cast.reader)
    # when filtered by liaison officer
    assert list_as(client, cast.owner, liaison_officer=cast.owner.pk) == {cast.enterprise.pk}
    assert list_as(client, cast.owner, liaison_officer=cast.reader.pk) == {other.pk}


@pytest.mark.parametrize("query", ["臺", "魯臺", "鲁台", "魯台精密", "精密"])
def test_text_query_in_either_script_finds_simplified_name(client, cast, query):
    # the cast enterprise is registered as 济南鲁台精密机械有限公司
    assert cast.enterprise.pk in list_as(client, cast.owner, q=query)


def test_simplified_query_finds_traditional_trade_name(client, cast):
    # given an enterprise whose Traditional trade name is the only place the word appears
    traditional = f.EnterpriseFactory(name="济南精工有限公司", trade_name="臺灣寶島精工")
    # when searched for in Simplified
    found = list_as(client, cast.owner, q="宝岛")
    # then it is found, and the unrelated cast enterprise is not
    assert found == {traditional.pk}


def test_credit_code_search(client, cast):
    assert list_as(client, cast.owner, q=cast.enterprise.credit_code.lower()) == {
        cast.enterprise.pk}


def test_text_query_never_reaches_outside_the_jurisdiction(client, cast):
    assert list_as(client, cast.owner, q="台资") == set()  # 济南市中台资电子 is the neighbour's


def test_second_page_holds_the_rest(client, cast):
    # given more enterprises than fit on one page
    size = settings.QINSHANG_PAGE_SIZE
    f.EnterpriseFactory.create_batch(size + 5)
    client.force_login(cast.owner)
    # when the first and the second page are asked for
    first = listed(client.get(reverse("enterprises:list")))
    second_response = client.get(reverse("enterprises:list"), {"page": 2})
    second = listed(second_response)
    # then the pages split the enterprises without overlap or loss
    assert len(first) == size
    assert len(second) == 6
    assert not first & second
    assert first | second == set(Enterprise.objects.filter(region_id="370102")
                                 .values_list("pk", flat=True))
    assert "page=1" in second_response.content.decode()  # a link back


def test_pagination_keeps_the_filters(client, cast):
    size = settings.QINSHANG_PAGE_SIZE
    f.EnterpriseFactory.create_batch(size + 1, origin="820000")
    client.force_login(cast.owner)
    html = client.get(reverse("enterprises:list"), {"origin": "820000"}).content.decode()
    assert "origin=820000&amp;page=2" in html
    second = listed(client.get(reverse("enterprises:list"), {"origin": "820000", "page": 2}))
    assert len(second) == 1
    assert cast.enterprise.pk not in second


# --- export -------------------------------------------------------------------------------

def exported_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_export_holds_header_and_exactly_the_filtered_rows(client, cast):
    # given Hong Kong enterprises in the owner's county and in the neighbour's
    mine = f.EnterpriseFactory.create_batch(3, origin="810000")
    f.EnterpriseFactory(region_id="370103", origin="810000")
    client.force_login(cast.owner)
    # when the owner exports the list filtered by origin
    rows = exported_rows(client.get(reverse("enterprises:export"), {"origin": "810000"}))
    # then the workbook has the header and the owner's three Hong Kong enterprises only
    header, *body = rows
    assert header[0] == staff_text("Registered name")
    assert header[2] == staff_text("Unified social credit code")
    assert sorted(row[2] for row in body) == sorted(e.credit_code for e in mine)
    assert all(row[5] == "370102" for row in body)


def test_unfiltered_export_is_the_users_jurisdiction(client, cast):
    f.EnterpriseFactory(region_id="370702")  # Weifang
    client.force_login(cast.city)
    _header, *body = exported_rows(client.get(reverse("enterprises:export")))
    assert sorted(row[2] for row in body) == sorted(
        [cast.enterprise.credit_code, cast.foreign_enterprise.credit_code])


def test_export_writes_tags_and_liaison_officer(client, cast):
    cast.enterprise.tags.add(f.tag("高新技术"), f.tag("百强"))
    client.force_login(cast.owner)
    _header, row = exported_rows(client.get(reverse("enterprises:export")))
    assert row[0] == cast.enterprise.name
    assert row[13] == "百强、高新技术"
    assert row[14] == str(cast.owner)


def test_export_neutralises_formulas(client, cast):
    f.EnterpriseFactory(name="=HYPERLINK(\"http://x\")", origin="820000")
    client.force_login(cast.owner)
    _header, row = exported_rows(client.get(reverse("enterprises:export"),
                                            {"origin": "820000"}))
    assert row[0] == "'=HYPERLINK(\"http://x\")"


# --- persons and their documents ----------------------------------------------------------

def test_detail_shows_document_numbers_masked(client, cast):
    client.force_login(cast.owner)
    html = client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])).content.decode()
    assert cast.person.name in html
    assert cast.person.masked_document_number in html
    assert cast.person.document_number not in html


def test_reading_leader_sees_masked_number_too(client, cast):
    client.force_login(cast.reader)
    html = client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])).content.decode()
    assert cast.person.masked_document_number in html
    assert cast.person.document_number not in html


def test_person_added_through_the_form_stays_masked_in_the_timeline(client, cast):
    client.force_login(cast.owner)
    number = "24681357"
    response = client.post(
        reverse("enterprises:person_create", args=[cast.enterprise.pk]),
        {"name": "林美玲", "origin": "710000", "document_kind": "travel_permit",
         "document_number": number, "phone": "", "region": "370102", "relation": "manager"})
    assert response.status_code == 302
    html = client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])).content.decode()
    assert "林美玲" in html
    assert staff_text(VERB_LABELS["person.added"]) in html
    assert "24****57" in html
    assert number not in html


def test_reveal_shows_full_number_and_is_recorded(client, cast):
    client.force_login(cast.owner)
    url = reverse("enterprises:person_document", args=[cast.enterprise.pk, cast.person.pk])
    # when the owner asks to see the full number
    response = client.post(url)
    # then it is returned and the view is on the record, in the enterprise's timeline
    assert response.status_code == 200
    assert response.content.decode().strip() == cast.person.document_number
    event = Event.objects.get(verb="person.document_viewed")
    assert (event.actor, event.target_id) == (cast.owner, str(cast.person.pk))
    html = client.get(reverse("enterprises:detail", args=[cast.enterprise.pk])).content.decode()
    assert staff_text(VERB_LABELS["person.document_viewed"]) in html
    assert cast.person.document_number not in html  # still masked on the page


def test_reveal_needs_post(client, cast):
    client.force_login(cast.owner)
    url = reverse("enterprises:person_document", args=[cast.enterprise.pk, cast.person.pk])
    assert client.get(url).status_code == 405
    assert not Event.objects.filter(verb="person.document_viewed").exists()


def test_outsider_cannot_reveal(client, cast):
    client.force_login(cast.neighbour)
    url = reverse("enterprises:person_document", args=[cast.enterprise.pk, cast.person.pk])
    response = client.post(url)
    assert response.status_code == 404
    assert cast.person.document_number not in response.content.decode()
    assert not Event.objects.filter(verb="person.document_viewed").exists()


# --- timeline -----------------------------------------------------------------------------

def test_creating_through_the_form_records_who_created_it(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("enterprises:create"), {
        "name": "济南新台资科技有限公司", "trade_name": "", "region": "370102",
        "credit_code": f.credit_code("370102", 700001), "address": "", "industry": "65",
        "origin": "710000", "registered_capital": "", "total_investment": "",
        "employees": "", "status": "operating", "liaison_officer": cast.owner.pk,
        "tags": [f.tag("专精特新").pk], "version": ""})
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name="济南新台资科技有限公司")
    event = Event.objects.get(verb="enterprise.created", target_id=str(enterprise.pk))
    assert event.actor == cast.owner
    assert event.changes["tags"] == ["专精特新"]
    assert event.changes["liaison_officer"] == str(cast.owner)
    html = client.get(response["Location"]).content.decode()
    assert staff_text(VERB_LABELS["enterprise.created"]) in html
    assert escape(str(cast.owner)) in html


def test_closing_is_a_status_change_in_the_timeline(client, cast):
    client.force_login(cast.owner)
    enterprise = cast.enterprise
    # when the owner closes the enterprise through the edit form
    response = client.post(reverse("enterprises:edit", args=[enterprise.pk]),
                           edit_data(enterprise, status="closed"))
    assert response.status_code == 302
    # then the enterprise is still on file, closed, and its timeline says so
    stored = Enterprise.objects.get(pk=enterprise.pk)
    assert stored.status == Enterprise.Status.CLOSED
    html = client.get(reverse("enterprises:detail", args=[enterprise.pk])).content.decode()
    assert staff_text(VERB_LABELS["enterprise.status_changed"]) in html
    operating = staff_text(Enterprise.Status.OPERATING.label)
    closed = staff_text(Enterprise.Status.CLOSED.label)
    assert f"{operating} → {closed}" in html
    # and it is still found in the list by its status
    assert list_as(client, cast.owner, status="closed") == {enterprise.pk}


def test_support_measure_added_and_completed_in_the_timeline(client, cast):
    client.force_login(cast.owner)
    pk = cast.enterprise.pk
    department = f.department_at("370100")
    # when a measure is added, then marked done
    added = client.post(reverse("enterprises:measure_create", args=[pk]),
                        {"title": "协调用地指标", "detail": "", "department": department.pk,
                         "status": "planned", "due_date": "2025-06-30"})
    assert added.status_code == 302
    measure = SupportMeasure.objects.get(title="协调用地指标")
    done = client.post(reverse("enterprises:measure_edit", args=[pk, measure.pk]),
                       {"title": "协调用地指标", "detail": "", "department": department.pk,
                        "status": "done", "due_date": "2025-06-30"})
    assert done.status_code == 302
    # then the detail page lists it as done and the timeline shows both steps
    html = client.get(reverse("enterprises:detail", args=[pk])).content.decode()
    assert staff_text(VERB_LABELS["measure.added"]) in html
    assert staff_text(VERB_LABELS["measure.updated"]) in html
    planned = staff_text(SupportMeasure.Status.PLANNED.label)
    finished = staff_text(SupportMeasure.Status.DONE.label)
    assert f"{planned} → {finished}" in html
    assert html.count("协调用地指标") >= 3  # the measure row and two timeline entries


def person_post(person, relation: str = "shareholder") -> dict:
    return {"name": person.name, "origin": "710000", "document_kind": person.document_kind,
            "document_number": person.document_number, "phone": "", "region": "370102",
            "relation": relation}


def test_a_person_already_on_file_is_linked_to_a_second_enterprise_not_entered_twice(
        client, cast):
    second = f.EnterpriseFactory(region_id="370102", name="济南鲁台第二工厂有限公司")
    client.force_login(cast.owner)
    response = client.post(reverse("enterprises:person_create", args=[second.pk]),
                           person_post(cast.person), follow=True)
    assert response.status_code == 200
    assert Person.objects.filter(document_number=cast.person.document_number).count() == 1
    assert set(cast.person.affiliations.values_list("enterprise_id", flat=True)) == {
        cast.enterprise.pk, second.pk}
    assert Event.objects.filter(verb="person.linked", timeline__endswith=f":{second.pk}").exists()
    assert cast.person.name in response.content.decode()


def test_linking_a_person_twice_to_the_same_enterprise_is_refused_with_a_message(client, cast):
    client.force_login(cast.owner)
    response = client.post(reverse("enterprises:person_create", args=[cast.enterprise.pk]),
                           person_post(cast.person))
    assert response.status_code == 400
    assert cast.person.name in response.content.decode()
    assert cast.person.affiliations.count() == 1


def test_a_person_on_file_elsewhere_is_not_linked_and_not_revealed(client, cast):
    outsider = f.PersonFactory(region_id="370103", name="黃外縣", phone="13911112222")
    f.affiliate(outsider, cast.foreign_enterprise)
    client.force_login(cast.owner)
    response = client.post(reverse("enterprises:person_create", args=[cast.enterprise.pk]),
                           person_post(outsider))
    page = response.content.decode()
    assert response.status_code == 400
    assert "13911112222" not in page  # nothing stored about them comes back
    assert not outsider.affiliations.filter(enterprise=cast.enterprise).exists()
