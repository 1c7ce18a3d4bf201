"""An Open311 client's session, scripted from the GeoReport v2 specification (issue #7 point 4):
discover the endpoint, list the services, read a service's definition, post a request with an
API key, fetch it by its id, and find it as an appeal in the staff inbox. Once in JSON, once in
XML, as a client that knows nothing of our pages would go."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.urls import reverse

from qinshang.appeals.models import Appeal, Channel, State
from qinshang.open311.documents import SPECIFICATION
from qinshang.open311.models import Submission
from qinshang.open311.tests.support import parse_xml

pytestmark = pytest.mark.django_db

TITLE = "园区门前道路破损，货车进出困难"
DESCRIPTION = "园区南门道路破损已两个月，\n大货车无法进出，请协调修复。"


def url(name: str, format: str, **kwargs) -> str:
    return reverse(f"open311:{name}", kwargs={"format": format, **kwargs})


def request_form(cast, key: str) -> dict[str, str]:
    """A POST Service Request as the specification's example sends it (form-encoded)."""
    return {"api_key": key, "service_code": "logistics",
            "address_id": cast.enterprise.credit_code,
            "attribute[kind]": "request", "attribute[title]": TITLE,
            "description": DESCRIPTION, "first_name": "志明", "last_name": "陳",
            "phone": "13800001234", "email": "chen@example.com",
            "media_url": "https://example.com/road.jpg", "lat": "36.6512", "long": "117.1201"}


def test_a_json_session_from_discovery_to_the_staff_inbox(open311, cast, key_of):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    # Discovery: where the GeoReport v2 endpoint is and what it speaks.
    found = open311.get(url("discovery", "json"))
    assert found.status_code == 200
    assert found["Content-Type"] == "application/json; charset=utf-8"
    (endpoint,) = found.json()["endpoints"]
    assert endpoint["specification"] == SPECIFICATION
    assert endpoint["url"].endswith("/open311/v2")
    assert (endpoint["type"], set(endpoint["formats"])) == (
        "production", {"text/xml", "application/json"})
    assert {"changeset", "contact", "key_service"} <= set(found.json())

    # The service list: the active appeal categories, named in the client's language.
    services = {service["service_code"]: service
                for service in open311.get(url("services", "json"), **english).json()}
    logistics = services["logistics"]
    assert (logistics["service_name"], logistics["metadata"], logistics["type"]) == (
        "Logistics", True, "realtime")
    assert "物流" in logistics["keywords"]

    # The definition says which attributes a request needs.
    definition = open311.get(url("service_definition", "json", service_code="logistics"),
                             **english).json()
    attributes = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert definition["service_code"] == "logistics"
    assert (attributes["kind"]["datatype"], attributes["kind"]["required"]) == (
        "singlevaluelist", True)
    assert "request" in {value["key"] for value in attributes["kind"]["values"]}
    assert (attributes["title"]["datatype"], attributes["title"]["required"]) == ("string", True)
    assert attributes["priority"]["required"] is False

    # POST a request with the API key; the enterprise is named by its credit code.
    key = key_of("owner")
    posted = open311.post(url("requests", "json"), request_form(cast, key), **english)
    assert posted.status_code == 200, posted.content
    (receipt,) = posted.json()
    assert set(receipt) == {"service_request_id", "service_notice", "account_id"}
    assert "answers appeal" in receipt["service_notice"]

    # Fetch it by its id.
    fetched = open311.get(url("request", "json", service_request_id=receipt["service_request_id"]),
                          {"api_key": key}, **english)
    assert fetched.status_code == 200
    (request,) = fetched.json()
    assert (request["status"], request["status_notes"], request["service_code"]) == (
        "open", "Registered", "logistics")
    assert (request["description"], request["address_id"]) == (
        DESCRIPTION, cast.enterprise.credit_code)
    assert request["agency_responsible"] == "历下区台办"
    assert request["requested_datetime"].endswith("+08:00")
    assert request["expected_datetime"].endswith("+08:00")
    assert (request["lat"], request["long"], request["media_url"]) == (
        36.6512, 117.1201, "https://example.com/road.jpg")

    # The appeal is in the owner county's inbox, with its channel and its text.
    appeal = Appeal.objects.get(pk=receipt["service_request_id"])
    assert (appeal.channel, appeal.state, appeal.region_id, appeal.enterprise) == (
        Channel.API, State.REGISTERED, cast.enterprise.region_id, cast.enterprise)
    assert (appeal.title, appeal.description, appeal.contact_phone) == (
        TITLE, DESCRIPTION, "13800001234")
    assert Submission.objects.get(appeal=appeal).email == "chen@example.com"
    open311.force_login(cast.owner)
    open311.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    inbox = open311.get(reverse("appeals:list"), {"channel": "api"}, **english)
    assert TITLE in inbox.content.decode()
    page = open311.get(reverse("appeals:detail", args=[appeal.pk]), **english).content.decode()
    assert "Open311 API" in page
    assert "大货车无法进出" in page


def xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return parse_xml(response.content)


def test_the_same_session_in_xml(open311, cast, key_of):
    discovery = xml(open311.get(url("discovery", "xml")))
    assert discovery.tag == "discovery"
    assert discovery.findtext("endpoints/endpoint/specification") == SPECIFICATION
    assert {format.text for format in discovery.iterfind("endpoints/endpoint/formats/format")} == {
        "text/xml", "application/json"}

    services = xml(open311.get(url("services", "xml")))
    codes = [service.findtext("service_code") for service in services.iterfind("service")]
    assert "logistics" in codes
    assert services.find("service").findtext("metadata") == "true"

    definition = xml(open311.get(url("service_definition", "xml", service_code="logistics")))
    assert definition.tag == "service_definition"
    kind = next(attribute for attribute in definition.iterfind("attributes/attribute")
                if attribute.findtext("code") == "kind")
    assert kind.findtext("required") == "true"
    assert "request" in [value.findtext("key") for value in kind.iterfind("values/value")]

    key = key_of("owner")
    posted = xml(open311.post(url("requests", "xml"), request_form(cast, key)))
    assert posted.tag == "service_requests"
    request_id = posted.findtext("request/service_request_id")
    assert request_id and posted.find("request/account_id").text is None

    fetched = xml(open311.get(url("request", "xml", service_request_id=request_id),
                              {"api_key": key}))
    assert fetched.findtext("request/status") == "open"
    assert fetched.findtext("request/status_notes") == "已受理"
    assert fetched.findtext("request/description") == DESCRIPTION
    assert Appeal.objects.get(pk=request_id).channel == Channel.API


def test_the_client_chooses_the_language_with_locale(open311, cast):
    """``locale`` wins over Accept-Language; an unknown locale leaves Accept-Language."""
    def name(**query) -> str:
        services = open311.get(url("services", "json"), query, HTTP_ACCEPT_LANGUAGE="en").json()
        return next(s["service_name"] for s in services if s["service_code"] == "financing")

    assert name(locale="zh_TW") == "融資"
    assert name(locale="zh-CN") == "融资"
    assert name(locale="xx-YY") == "Financing"
    assert name() == "Financing"


def test_json_of_every_document_is_utf8_text(open311, cast):
    body = open311.get(url("services", "json")).content.decode("utf-8")
    assert "融资" in body  # written as characters, not \\u escapes
    assert json.loads(body)
