"""GET Service Requests and GET Service Request: which appeals a key reads (those its user reads
anywhere else), how our states map to open/closed, and the specification's filters, with
malformed ones refused in its error format."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from qinshang.appeals.models import Category, State
from qinshang.testing.appeals import build_appeal, crew_of
from qinshang.testing.cast import build_appeal_cast

pytestmark = pytest.mark.django_db

LIST = reverse("open311:requests", kwargs={"format": "json"})
# The window around the cast's appeal (registered 2026-06-01 10:00 +08:00).
JUNE = {"start_date": "2026-05-15T00:00:00+08:00", "end_date": "2026-06-15"}


def one(pk, format: str = "json") -> str:
    return reverse("open311:request", kwargs={"service_request_id": pk, "format": format})


@pytest.fixture
def appeals(cast):
    return build_appeal_cast(cast)


# --- which requests a key reads -----------------------------------------------------------------

@pytest.mark.parametrize(("member", "expected"), [
    ("owner", {"appeal", "unrouted"}), ("department", {"appeal"}), ("neighbour", set()),
])
def test_the_list_holds_what_the_key_reads(open311, cast, appeals, key_of, member, expected):
    ids = {str(getattr(appeals, name).pk) for name in expected}
    response = open311.get(LIST, {"api_key": key_of(member), **JUNE})
    assert {request["service_request_id"] for request in response.json()} == ids


def test_unknown_and_malformed_ids_are_404_alike(open311, cast, key_of):
    key = key_of("owner")
    for pk in ("999999", "abc", "1e3", "99999999999999999999999"):
        response = open311.get(one(pk, "xml"), {"api_key": key})
        assert response.status_code == 404, pk
        assert b"<code>404</code>" in response.content


def test_reads_without_a_key_are_403(open311, cast, appeals):
    assert open311.get(LIST).status_code == 403
    response = open311.get(one(appeals.appeal.pk))
    assert response.status_code == 403
    assert appeals.appeal.title not in response.content.decode()


# --- states ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("state", "status"), [
    (State.REGISTERED, "open"), (State.ASSIGNED, "open"), (State.ANSWERED, "open"),
    (State.RATED, "open"), (State.CLOSED, "closed"), (State.REJECTED, "closed"),
    (State.MERGED, "closed"),
])
def test_our_states_map_to_open_and_closed(open311, cast, key_of, state, status):
    appeal = build_appeal(state, crew=crew_of(cast), enterprise=cast.enterprise)
    response = open311.get(one(appeal.pk), {"api_key": key_of("owner")},
                           HTTP_ACCEPT_LANGUAGE="en")
    (request,) = response.json()
    assert request["status"] == status
    with translation.override("en"):
        assert request["status_notes"] == str(State(state).label)
    assert request["requested_datetime"] == "2025-03-03T09:00:00+08:00"
    assert request["updated_datetime"] >= request["requested_datetime"]


def test_a_closed_request_was_updated_when_it_was_closed(open311, cast, key_of):
    appeal = build_appeal(State.CLOSED, crew=crew_of(cast), enterprise=cast.enterprise)
    (request,) = open311.get(one(appeal.pk), {"api_key": key_of("owner")}).json()
    assert request["updated_datetime"] == "2025-03-04T11:00:00+08:00"  # START + 1 day 2 hours
    assert request["service_notice"] is None


# --- filters -----------------------------------------------------------------------------------

MARCH = {"start_date": "2025-03-01T00:00:00Z", "end_date": "2025-03-31T23:59:59+08:00"}


@pytest.fixture
def open_and_closed(cast):
    crew = crew_of(cast)
    return (build_appeal(State.ASSIGNED, crew=crew, enterprise=cast.enterprise),
            build_appeal(State.CLOSED, crew=crew, enterprise=cast.enterprise,
                         data={"kind": "opinion", "channel": "visit", "priority": "normal",
                               "category": Category.objects.get(code="labour"),
                               "title": "希望组织招聘会", "description": "节后用工紧张。"}))


def listed(open311, key: str, **query) -> set[str]:
    response = open311.get(LIST, {"api_key": key, **query})
    assert response.status_code == 200, response.content
    return {request["service_request_id"] for request in response.json()}


def test_status_service_code_and_window_filter(open311, cast, key_of, open_and_closed):
    key = key_of("owner")
    assigned, closed = (str(appeal.pk) for appeal in open_and_closed)
    assert listed(open311, key, **MARCH) == {assigned, closed}
    assert listed(open311, key, status="open", **MARCH) == {assigned}
    assert listed(open311, key, status="closed", **MARCH) == {closed}
    assert listed(open311, key, status="open,closed", **MARCH) == {assigned, closed}
    assert listed(open311, key, service_code="labour", **MARCH) == {closed}
    assert listed(open311, key, service_code="land,labour", **MARCH) == {assigned, closed}
    assert listed(open311, key, start_date="2025-03-04", end_date="2025-03-31") == set()
    # A date alone is the whole day.
    assert listed(open311, key, start_date="2025-03-03", end_date="2025-03-03") == {
        assigned, closed}


def test_the_default_window_is_the_last_90_days(open311, cast, key_of, open_and_closed):
    assert listed(open311, key_of("owner")) == set()  # March 2025 is long past


def test_ids_override_every_other_filter(open311, cast, key_of, open_and_closed):
    assigned, closed = (str(appeal.pk) for appeal in open_and_closed)
    assert listed(open311, key_of("owner"), service_request_id=f"{assigned}, {closed}",
                  status="open", start_date="2020-01-01") == {assigned, closed}


@pytest.mark.parametrize("query", [
    {"start_date": "2025-13-01"},
    {"start_date": "yesterday"},
    {"start_date": "2025-03-03T09:00:00"},          # no offset: the specification wants one
    {"end_date": "2025-03-03T25:00:00Z"},
    {"start_date": "2025-03-31", "end_date": "2025-03-01"},
    {"start_date": "2025-01-01", "end_date": "2025-06-01"},  # more than 90 days
    {"status": "pending"},
    {"service_request_id": "1,abc"},
    {"service_request_id": "1;DROP TABLE appeals_appeal"},
])
def test_malformed_filters_are_400(open311, cast, key_of, query):
    response = open311.get(LIST, {"api_key": key_of("owner"), **query},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    (error,) = response.json()
    assert error["code"] == 400 and error["description"]


def test_start_after_end_is_explained(open311, cast, key_of):
    response = open311.get(LIST, {"api_key": key_of("owner"), "start_date": "2025-03-31",
                                  "end_date": "2025-03-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()[0]["description"] == "The start_date comes after the end_date."
