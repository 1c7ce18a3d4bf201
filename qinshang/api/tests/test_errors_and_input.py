"""Errors as JSON with a machine code and a message in the requested language, and bad input
answered with a 4xx that writes nothing (issue #7 point 3; DESIGN.md §8)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from qinshang.api.tests.conftest import BASE
from qinshang.appeals.models import Appeal
from qinshang.events.models import Event

pytestmark = pytest.mark.django_db


def said_in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


UNAUTHENTICATED = "Send a valid API token in the Authorization header: Bearer <token>."
NOT_FOUND = "There is no such record, or it is outside your jurisdiction."
INVALID = "Nothing was done: some values are not valid."


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_401_is_said_in_the_requested_language(api, cast, language):
    answer = api(None, language).get("/enterprises")
    assert answer.status_code == 401
    assert answer.json() == {"code": "unauthenticated",
                             "message": said_in(language, UNAUTHENTICATED), "details": []}
    assert answer["Content-Language"] == language


def test_the_messages_differ_by_language(api, cast):
    """The catalogues are compiled and used: zh-Hans and English are not the same text."""
    chinese = api(None, "zh-hans").get("/enterprises").json()["message"]
    english = api(None, "en").get("/enterprises").json()["message"]
    assert chinese != english and english == UNAUTHENTICATED


@pytest.mark.parametrize(("accept", "language"), [
    ("zh-CN,zh;q=0.9", "zh-hans"), ("zh-TW", "zh-hant"), ("en-US,en;q=0.8", "en"),
    ("fr-FR", "zh-hans"), ("", "zh-hans")])
def test_accept_language_variants(client, cast, accept, language):
    answer = client.get(f"{BASE}/enterprises", HTTP_ACCEPT_LANGUAGE=accept)
    assert answer.json()["message"] == said_in(language, UNAUTHENTICATED)


def test_out_of_reach_and_nonexistent_answer_the_same_404(api, cast):
    neighbour = api("neighbour", "en")
    hidden = neighbour.get(f"/enterprises/{cast.enterprise.pk}")
    missing = neighbour.get("/enterprises/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"code": "not_found", "message": NOT_FOUND,
                                              "details": []}


def test_other_addresses_and_methods_answer_json(api, cast):
    owner = api("owner", "en")
    unknown = owner.get("/no/such/thing")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    root = owner.get("/")
    assert root.status_code == 404 and root.json()["code"] == "not_found"
    wrong_method = owner.post("/enterprises", {})
    assert wrong_method.status_code == 405
    assert wrong_method.json()["code"] == "method_not_allowed"
    assert wrong_method["Allow"] == "GET"


@pytest.mark.parametrize("params", [
    {"page_size": 101}, {"page_size": 0}, {"page": 0}, {"page": "abc"},
    {"page_size": "1e3"}, {"page": 10_001}])
def test_pagination_limits_are_422(api, cast, params):
    answer = api("owner", "en").get("/enterprises", params)
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_input" and body["message"] == INVALID
    assert [detail["field"] for detail in body["details"]] == list(params)


def test_a_422_in_chinese_names_the_limit(api, cast):
    answer = api("owner").get("/appeals", {"page_size": 500})
    assert answer.json()["details"] == [
        {"field": "page_size",
         "message": said_in("zh-hans", "The largest value allowed is %(limit)s.")
         % {"limit": 100}}]


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/enterprises", {"region": "110101"}, "region"),        # Beijing: outside the reach
    ("/enterprises", {"region": "'; DROP TABLE x; --"}, "region"),
    ("/enterprises", {"status": "bankrupt"}, "status"),
    ("/enterprises", {"tag": "不存在的标签"}, "tag"),
    ("/appeals", {"state": "<script>"}, "state"),
    ("/appeals", {"category": "nope"}, "category"),
    ("/appeals", {"registered_from": "2026-02-30"}, "registered_from"),
    ("/appeals", {"registered_from": "2026-05-01", "registered_to": "2026-04-01"},
     "registered_to"),
    ("/persons", {"enterprise": 999999}, "enterprise"),
    ("/projects", {"stage": "everything"}, "stage"),
    ("/figures/appeals", {"region": "710000"}, "region"),
])
def test_a_filter_that_cannot_apply_is_422_not_ignored(api, cast, path, params, field):
    answer = api("owner", "en").get(path, params)
    assert answer.status_code == 422, answer.content
    assert field in [detail["field"] for detail in answer.json()["details"]]


def test_a_filter_the_role_does_not_have_is_422(api, appeal_cast):
    answer = api("department", "en").get("/appeals", {"region": "370102"})
    assert answer.status_code == 422
    assert answer.json()["details"] == [{"field": "region",
                                         "message": "This filter is not offered to your role."}]


@pytest.mark.parametrize("text", ["'; DROP TABLE appeals_appeal; --", "<script>alert(1)</script>",
                                  '"*"', "NEAR(用工", "用工 OR 1=1", "%", "_"])
def test_search_text_is_only_text(api, appeal_cast, text):
    for path in ("/enterprises", "/appeals", "/persons", "/projects", "/policies"):
        answer = api("owner").get(path, {"q": text})
        assert answer.status_code == 200, (path, answer.content)
        assert answer.json()["items"] == []
    assert Appeal.objects.count() == 2


def _nothing_written():
    return Appeal.objects.count(), Event.objects.count()


@pytest.mark.parametrize("body", [
    {"text": ["a", "b"]},                 # a list where text is expected
    {"text": 42},                         # a number
    {},                                   # missing
    {"text": "跟踪", "version": -1},      # below the smallest version
    {"text": "跟踪", "version": "v1"},
])
def test_wrong_types_are_422_and_write_nothing(api, appeal_cast, body):
    before = _nothing_written()
    answer = api("owner", "en").post(f"/appeals/{appeal_cast.appeals.appeal.pk}/note", body)
    assert answer.status_code == 422, answer.content
    assert answer.json()["code"] == "invalid_input"
    assert _nothing_written() == before


@pytest.mark.parametrize("raw", ["not json", "{", "[1, 2]", '"text"', "null"])
def test_a_body_that_is_not_a_json_object_is_refused(api, appeal_cast, raw):
    before = _nothing_written()
    answer = api("owner", "en").post(f"/appeals/{appeal_cast.appeals.appeal.pk}/note", raw=raw)
    assert answer.status_code in (400, 422), answer.content
    assert answer.json()["code"] in ("malformed_request", "invalid_input")
    assert _nothing_written() == before


@pytest.mark.parametrize("path", ["/appeals/999999/note", "/appeals/0/note"])
def test_unknown_ids_are_404_and_write_nothing(api, appeal_cast, path):
    before = _nothing_written()
    answer = api("owner").post(path, {"text": "跟踪"})
    assert answer.status_code == 404
    assert _nothing_written() == before


def test_an_id_that_is_not_a_number_is_422(api, appeal_cast):
    answer = api("owner", "en").get("/appeals/abc")
    assert answer.status_code in (404, 422)
    assert answer["Content-Type"].startswith("application/json")


MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_is_kept_as_text(api, appeal_cast):
    owner = api("owner")
    answer = owner.post("/appeals", {
        "enterprise_id": appeal_cast.enterprise.pk, "kind": "request", "channel": "letter",
        "category": "land", "title": MARKUP[:120], "description": MARKUP})
    assert answer.status_code == 201, answer.content
    assert answer["Content-Type"].startswith("application/json")
    created = answer.json()
    assert created["description"] == MARKUP
    assert Appeal.objects.get(pk=created["id"]).description == MARKUP
    # and read back as the same string, in JSON (never rendered as a page)
    assert json.loads(owner.get(f"/appeals/{created['id']}").content)["description"] == MARKUP


def test_a_register_form_error_is_422_in_the_language_asked(api, appeal_cast):
    before = _nothing_written()
    answer = api("owner", "en").post("/appeals", {
        "enterprise_id": appeal_cast.enterprise.pk, "kind": "request", "channel": "portal",
        "category": "no-such-category", "title": "", "description": "x"})
    assert answer.status_code == 422
    fields = {detail["field"] for detail in answer.json()["details"]}
    assert {"channel", "category", "title"} <= fields
    assert _nothing_written() == before


@pytest.mark.parametrize("party", [{}, {"enterprise_id": 1, "person_id": 1}])
def test_an_appeal_names_one_party(api, appeal_cast, party):
    answer = api("owner", "en").post("/appeals", {
        **party, "kind": "request", "channel": "letter", "category": "land", "title": "t",
        "description": "d"})
    assert answer.status_code == 422
    assert answer.json()["details"][0]["field"] == "enterprise_id"


@pytest.mark.parametrize(("path", "params"), [
    ("/figures/appeals", {"date_from": "0001-01-01"}),
    ("/figures/appeals", {"date_to": "9999-12-31"}),
    ("/appeals", {"registered_to": "9999-12-31"}),
    ("/appeals", {"registered_from": "0001-01-01"}),
    ("/figures/projects", {"date_from": "0001-01-01", "date_to": "9999-12-31"}),
    ("/figures/liaison", {"on": "9999-12-31"}),
    ("/figures/events", {"date_from": "0001-01-01"}),
    ("/policies", {"valid_on": "9999-12-31", "year": 9999}),
    ("/contacts", {"date_from": "0001-01-01"}),
    ("/enterprises", {"liaison_officer": 2**70}),
    ("/persons", {"enterprise": -1}),
    ("/appeals", {"q": "\x00abc"}),
])
def test_extreme_values_are_refused_not_a_crash(api, appeal_cast, path, params):
    """Days outside 1900–2999 would overflow the periods' arithmetic: refused as input."""
    answer = api("owner", "en").get(path, params)
    assert answer.status_code in (200, 422), answer.content
    assert answer["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("action", "body"), [
    ("assess", {"category": "land", "priority": "normal", "plan": "x", "answer_days": 10**9}),
    ("request-extension", {"days": 10**12, "reason": "x"}),
    ("note", {"text": "x" * 100_000}),
    ("merge", {"original": 10**20}),
    ("assign", {"lead": 10**20, "co_handlers": [10**20]}),
    ("rate", {"rating": 10**20}),
])
def test_extreme_bodies_are_refused_and_write_nothing(api, appeal_cast, action, body):
    before = _nothing_written()
    answer = api("owner", "en").post(f"/appeals/{appeal_cast.appeals.appeal.pk}/{action}", body)
    assert 400 <= answer.status_code < 500, answer.content
    assert _nothing_written() == before


@pytest.mark.parametrize(("path", "params"), [
    ("/enterprises", {"region": "\x00"}), ("/enterprises", {"tag": "\x00"}),
    ("/enterprises", {"q": "a\x00b"}), ("/appeals", {"category": "\x00"}),
    ("/persons", {"q": "\x00"}), ("/policies", {"issuer": "\x00"}),
    ("/figures/hotlines", {"region": "\x00"}), ("/visits", {"region": "\x00"}),
])
def test_a_nul_character_is_refused_not_a_crash(api, appeal_cast, path, params):
    """PostgreSQL cannot store or compare NUL: the forms refuse it before any query."""
    assert api("owner", "en").get(path, params).status_code == 422


def test_a_nul_character_in_a_body_is_refused(api, appeal_cast):
    before = _nothing_written()
    answer = api("owner", "en").post(f"/appeals/{appeal_cast.appeals.appeal.pk}/note",
                                     {"text": "跟踪\x00"})
    assert answer.status_code == 422
    assert _nothing_written() == before
