"""Refusals in the specification's error format (GeoReport v2, Errors): 403 for a missing or
invalid api_key, 404 for what does not exist, 400 for anything else; the description in the
client's language; and nothing written on any refused post."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qinshang.api.models import ApiToken
from qinshang.api.services import token_revoke
from qinshang.appeals.models import Appeal
from qinshang.open311.models import Submission
from qinshang.open311.tests.support import parse_xml, written
from qinshang.testing import factories as f
from qinshang.testing.cast import NEIGHBOUR_COUNTY, OWNER_COUNTY

pytestmark = pytest.mark.django_db

REQUESTS_JSON = reverse("open311:requests", kwargs={"format": "json"})
REQUESTS_XML = reverse("open311:requests", kwargs={"format": "xml"})
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def valid_post(cast, key: str = "", **changes: str) -> dict[str, str]:
    data = {"service_code": "land", "address_id": cast.enterprise.credit_code,
            "attribute[kind]": "request", "attribute[title]": "用地指标紧张",
            "description": "扩产项目用地指标紧张，请协调。"}
    if key:
        data["api_key"] = key
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def refused(client, data: dict, *, status: int, url: str = REQUESTS_JSON) -> str:
    """Post, check the status and the error document, check nothing was written, and give
    the description."""
    before = written()
    response = client.post(url, data, **ENGLISH)
    assert response.status_code == status, response.content
    (error,) = response.json()
    assert error["code"] == status
    assert written() == before, "a refused post wrote something"
    return error["description"]


# --- the api_key -------------------------------------------------------------------------------

def test_a_post_without_a_key_is_403(open311, cast):
    assert "api_key was not provided" in refused(open311, valid_post(cast), status=403)


def test_a_post_with_an_unknown_key_is_403(open311, cast):
    description = refused(open311, valid_post(cast, "not-a-token"), status=403)
    assert "not valid" in description


def test_a_post_with_a_revoked_key_is_403(open311, cast, key_of):
    key = key_of("owner")
    token_revoke(actor=cast.owner, token=ApiToken.objects.get(user=cast.owner))
    assert "not valid" in refused(open311, valid_post(cast, key), status=403)


def test_a_session_cookie_is_never_a_key(open311, cast):
    """The owner is logged in (a browser's session): the endpoint still wants its api_key."""
    open311.force_login(cast.owner)
    refused(open311, valid_post(cast), status=403)
    response = open311.get(reverse("open311:requests", kwargs={"format": "json"}))
    assert response.status_code == 403


def test_the_error_is_in_xml_for_an_xml_request(open311, cast):
    response = open311.post(REQUESTS_XML, valid_post(cast), **ENGLISH)
    assert response.status_code == 403
    root = parse_xml(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "403"
    assert "api_key" in root.findtext("error/description")


def test_the_description_is_in_the_clients_language(open311, cast):
    response = open311.post(REQUESTS_JSON, valid_post(cast), HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert "未提供" in response.json()[0]["description"]


# --- the service --------------------------------------------------------------------------------

def test_an_unknown_service_code_is_404(open311, cast, key_of):
    description = refused(open311, valid_post(cast, key_of("owner"), service_code="potholes"),
                          status=404)
    assert "potholes" in description


def test_a_missing_service_code_is_400(open311, cast, key_of):
    description = refused(open311, valid_post(cast, key_of("owner"), service_code=None),
                          status=400)
    assert "service_code" in description


def test_an_unknown_service_definition_is_404_in_the_format(open311, cast):
    response = open311.get(reverse("open311:service_definition",
                                   kwargs={"service_code": "nope", "format": "xml"}))
    assert response.status_code == 404
    assert parse_xml(response.content).findtext("error/code") == "404"


@pytest.mark.parametrize(("attribute", "code"), [("attribute[kind]", "kind"),
                                                 ("attribute[title]", "title")])
def test_a_missing_required_attribute_is_400(open311, cast, key_of, attribute, code):
    description = refused(open311, valid_post(cast, key_of("owner"), **{attribute: None}),
                          status=400)
    assert description == f"{attribute}: The attribute {code} is required."


def test_a_value_outside_the_list_is_400(open311, cast, key_of):
    description = refused(open311, valid_post(cast, key_of("owner"),
                                              **{"attribute[kind]": "graffiti"}), status=400)
    assert description.startswith("attribute[kind]: ")


def test_every_problem_is_listed(open311, cast, key_of):
    response = open311.post(REQUESTS_JSON, valid_post(cast, key_of("owner"), **{
        "attribute[kind]": None, "attribute[title]": None, "email": "not-an-email"}),
        **ENGLISH)
    codes = sorted(error["description"].split(":")[0] for error in response.json())
    assert codes == ["attribute[kind]", "attribute[title]", "email"]


# --- the enterprise --------------------------------------------------------------------------

def test_an_unknown_credit_code_is_400(open311, cast, key_of):
    unknown = f.credit_code(OWNER_COUNTY, 999999)
    description = refused(open311, valid_post(cast, key_of("owner"), address_id=unknown),
                          status=400)
    assert unknown in description


def test_a_credit_code_outside_the_jurisdiction_reads_as_unknown(open311, cast, key_of):
    foreign = cast.foreign_enterprise.credit_code
    unknown = f.credit_code(NEIGHBOUR_COUNTY, 999999)
    outside = refused(open311, valid_post(cast, key_of("owner"), address_id=foreign), status=400)
    absent = refused(open311, valid_post(cast, key_of("owner"), address_id=unknown), status=400)
    assert outside.replace(foreign, "?") == absent.replace(unknown, "?")


def test_the_address_names_the_enterprise_when_only_one_matches(open311, cast, key_of):
    cast.enterprise.address = "济南市历下区经十路88号"
    cast.enterprise.save()
    response = open311.post(REQUESTS_JSON, valid_post(
        cast, key_of("owner"), address_id=None, address_string="經十路88號"))
    assert response.status_code == 200, response.content
    appeal = Appeal.objects.get(pk=response.json()[0]["service_request_id"])
    assert appeal.enterprise == cast.enterprise
    assert appeal.open311.address_string == "經十路88號"


def test_the_name_in_traditional_finds_the_enterprise(open311, cast, key_of):
    response = open311.post(REQUESTS_JSON, valid_post(
        cast, key_of("owner"), address_id=None, address_string="魯台精密機械"))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("text", ["工业南路100号", "魯臺精密"])
def test_an_ambiguous_address_or_name_is_400(open311, cast, key_of, text):
    twin = f.EnterpriseFactory(region_id=OWNER_COUNTY, name="济南鲁台精密铸造有限公司")
    for enterprise in (cast.enterprise, twin):
        enterprise.address = "济南市历下区工业南路100号"
        enterprise.save()
    description = refused(open311, valid_post(cast, key_of("owner"), address_id=None,
                                              address_string=text), status=400)
    assert "More than one enterprise" in description


def test_an_address_only_outside_the_jurisdiction_is_not_found(open311, cast, key_of):
    cast.foreign_enterprise.address = "济南市市中区经七路1号"
    cast.foreign_enterprise.save()
    description = refused(open311, valid_post(cast, key_of("owner"), address_id=None,
                                              address_string="经七路1号"), status=400)
    assert "No enterprise in your jurisdiction matches" in description


def test_lat_and_long_alone_do_not_name_an_enterprise(open311, cast, key_of):
    description = refused(open311, valid_post(cast, key_of("owner"), address_id=None,
                                              lat="36.65", long="117.12"), status=400)
    assert "address_id" in description


@pytest.mark.parametrize(("changes", "field"), [
    ({"lat": "95"}, "lat"),
    ({"lat": "nan", "long": "117"}, "lat"),
    ({"lat": "36.6"}, None),
    ({"description": "长" * 4001}, "description"),
    ({"attribute[title]": "标" * 121}, "attribute[title]"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"phone": "1\x003"}, "phone"),
])
def test_bad_fields_are_400_and_named(open311, cast, key_of, changes, field):
    description = refused(open311, valid_post(cast, key_of("owner"), **changes), status=400)
    if field:
        assert description.startswith(f"{field}: ")


# --- what a post stores is text ------------------------------------------------------------------

MARKUP = "<script>alert('x')</script> & '; DROP TABLE appeals_appeal; --"


def test_markup_and_sql_are_stored_as_text_and_escaped_in_xml(open311, cast, key_of):
    key = key_of("owner")
    response = open311.post(REQUESTS_XML, valid_post(
        cast, key, description=MARKUP, **{"attribute[title]": "<b>标题</b>\x07"}))
    assert response.status_code == 200, response.content
    request_id = parse_xml(response.content).findtext("request/service_request_id")
    appeal = Appeal.objects.get(pk=request_id)
    assert appeal.description == MARKUP
    assert Appeal.objects.count() >= 1 and Submission.objects.count() == 1
    fetched = open311.get(reverse("open311:request", kwargs={
        "service_request_id": request_id, "format": "xml"}), {"api_key": key})
    assert b"<script>" not in fetched.content
    assert parse_xml(fetched.content).findtext("request/description") == MARKUP
    open311.force_login(cast.owner)
    page = open311.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_other_methods_get_405_in_the_format(open311, cast):
    response = open311.delete(REQUESTS_JSON)
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD"
    assert response.json()[0]["code"] == 405
    assert open311.post(reverse("open311:services", kwargs={"format": "json"})).status_code == 405


def test_head_is_answered_where_get_is(open311, cast):
    response = open311.head(reverse("open311:discovery", kwargs={"format": "xml"}))
    assert response.status_code == 200


def test_a_request_with_too_many_fields_is_400_in_the_format(open311, cast):
    response = open311.generic("POST", REQUESTS_JSON, b"a=1&" * 2000,
                               content_type="application/x-www-form-urlencoded", **ENGLISH)
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "The request is too large."}]


def test_locale_may_come_in_the_posted_form(open311, cast):
    response = open311.post(REQUESTS_JSON, {**valid_post(cast), "locale": "zh_TW"}, **ENGLISH)
    assert "未提供" in response.json()[0]["description"]
