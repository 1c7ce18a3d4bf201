"""The API's jurisdiction matrix (DESIGN.md §6, §8): every operation of /api/v1/ against the whole
cast, each member with a token of their own (anonymous: none).

``ROWS`` is the table: for each operation of the OpenAPI document (method and path), how to fill
its path, the body a write sends, the status each member must get, and what a write must have
done. An operation missing from the table fails ``test_every_operation_is_in_the_matrix``, so a
new endpoint cannot ship without saying who may reach it. The members are those of the pages'
matrix (tests/matrix_common.py): the API answers exactly as the pages do, 401 for no token where
a page sends to the login, and JSON errors.

The cast (with its appeal, campaign, liaison duties, hotline, project, policy, donation and
events) is built once for the module inside a transaction rolled back at the end; each case runs
in a savepoint of its own, so a write of one case is gone for the next.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from qinshang.api.api import api
from qinshang.appeals.models import Appeal, State
from qinshang.events.models import Event
from qinshang.testing.cast import Cast
from tests.api_world import World, api_world_fixture
from tests.matrix_common import MEMBERS, OUTSIDERS, Expected, expect
from tests.test_jurisdiction_matrix import secrets_of, snapshot_database

BASE = "/api/v1"

# --- what each kind of operation owes each member ----------------------------------------------

# Lists of every staff member (filtered to their reach); portal users find no staff API.
STAFF_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                    other_city=200, department=200, portal=404, anonymous=401)
# The offices' own records and figures: department liaisons find nothing, not even the lists.
OFFICE_LIST = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                     other_city=200, department=404, portal=404, anonymous=401)
# One record of the owner county.
OBJECT_READ = expect(owner=200, reader=200, neighbour=404, city=200, province=200,
                     other_city=404, department=404, portal=404, anonymous=401)
# The cast's appeal is routed to the department, so its liaison reads it too.
APPEAL_READ = expect(owner=200, reader=200, neighbour=404, city=200, province=200,
                     other_city=404, department=200, portal=404, anonymous=401)
# A city campaign is read by the counties below it (the neighbour's too), not by Weifang.
CAMPAIGN_READ = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                       other_city=404, department=404, portal=404, anonymous=401)


def appeal_action(**statuses: int) -> Expected:
    """An action on the cast's appeal (assigned to the department, deadlines passed): outsiders
    404, the read-only leader 403, anonymous 401; the rest as given."""
    return expect(**{"reader": 403, "neighbour": 404, "other_city": 404, "portal": 404,
                     "anonymous": 401, **statuses})


# Nobody may take the action from the appeal's state (assigned) or with their standing.
REFUSED_TO_ALL = appeal_action(owner=403, city=403, province=403, department=403)


# --- how to fill the paths and bodies ------------------------------------------------------------

def no_params(cast: Cast) -> dict:
    return {}


def enterprise_params(cast: Cast) -> dict:
    return {"enterprise_id": cast.enterprise.pk}


def person_params(cast: Cast) -> dict:
    return {"person_id": cast.person.pk}


def appeal_params(cast: Cast) -> dict:
    return {"appeal_id": cast.appeals.appeal.pk}


def visit_params(cast: Cast) -> dict:
    return {"visit_id": cast.campaigns.visit.pk}


def contact_params(cast: Cast) -> dict:
    return {"contact_id": cast.liaison.contact.pk}


def project_params(cast: Cast) -> dict:
    return {"project_id": cast.extras["projects"].project.pk}


def policy_params(cast: Cast) -> dict:
    return {"policy_id": cast.extras["policies"].policy.pk}


def campaign_params(cast: Cast) -> dict:
    return {"campaign_id": cast.campaigns.campaign.pk}


NEW_APPEAL = "厂区道路维修需要协调"
TRACKING_NOTE = "已电话联系商务局，约定下周现场办公"
SUPERVISION = "超期未办结，市台办督办"


def new_appeal(cast: Cast) -> dict:
    return {"enterprise_id": cast.enterprise.pk, "kind": "request", "channel": "visit",
            "category": "logistics", "priority": "normal", "title": NEW_APPEAL,
            "description": "厂区门前道路破损，货车进出困难。"}


def body(**values) -> Callable[[Cast], dict]:
    return lambda cast: dict(values)


def assign_body(cast: Cast) -> dict:
    return {"lead": cast.department.memberships.get().department_id}


def merge_body(cast: Cast) -> dict:
    return {"original": cast.appeals.unrouted.pk}


# --- what a write must have done -----------------------------------------------------------------

def appeal_registered(cast: Cast, response) -> None:
    appeal = Appeal.objects.get(title=NEW_APPEAL)
    assert response.json()["id"] == appeal.pk
    assert appeal.enterprise_id == cast.enterprise.pk and appeal.state == State.REGISTERED


def noted(cast: Cast, response) -> None:
    assert Event.objects.filter(verb="appeal.noted", note=TRACKING_NOTE).count() == 1
    assert response.json()["action"] == "note"


def accepted(cast: Cast, response) -> None:
    assert Appeal.objects.get(pk=cast.appeals.appeal.pk).state == State.IN_PROGRESS


def supervised(cast: Cast, response) -> None:
    assert Appeal.objects.get(pk=cast.appeals.appeal.pk).supervised


def merged(cast: Cast, response) -> None:
    appeal = Appeal.objects.get(pk=cast.appeals.appeal.pk)
    assert appeal.state == State.MERGED and appeal.merged_into_id == cast.appeals.unrouted.pk


@dataclass(frozen=True)
class Row:
    expected: Expected
    params: Callable[[Cast], dict] = no_params
    body: Callable[[Cast], dict] | None = None
    # The status that means "written", and what the write must have done; any other status
    # must leave the database exactly as it was.
    writes_on: int | None = None
    effect: Callable[[Cast, object], None] | None = None
    # Outsiders who legitimately see the owner county's appeal (its routed department).
    insiders: tuple[str, ...] = ()


APPEAL_INSIDERS = ("department",)

ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/enterprises"): Row(STAFF_LIST),
    ("GET", "/enterprises/{enterprise_id}"): Row(OBJECT_READ, enterprise_params),
    ("GET", "/persons"): Row(STAFF_LIST),
    ("GET", "/persons/{person_id}"): Row(OBJECT_READ, person_params),
    ("GET", "/appeals"): Row(STAFF_LIST, insiders=APPEAL_INSIDERS),
    ("GET", "/appeals/{appeal_id}"): Row(APPEAL_READ, appeal_params, insiders=APPEAL_INSIDERS),
    # Filing for the owner county's enterprise: its county, city and province; the leader may
    # not write (403); the department does not see the enterprise (404).
    ("POST", "/appeals"): Row(
        expect(owner=201, reader=403, neighbour=404, city=201, province=201, other_city=404,
               department=404, portal=404, anonymous=401),
        body=new_appeal, writes_on=201, effect=appeal_registered),
    # The first contact is already recorded (at the assessment): the service refuses (400).
    ("POST", "/appeals/{appeal_id}/contact"): Row(
        appeal_action(owner=400, city=400, province=400, department=403), appeal_params,
        body(note="电话联系")),
    ("POST", "/appeals/{appeal_id}/reject"): Row(REFUSED_TO_ALL, appeal_params,
                                                 body(reason="不属于受理范围")),
    ("POST", "/appeals/{appeal_id}/assess"): Row(
        REFUSED_TO_ALL, appeal_params,
        body(category="land", priority="normal", plan="协调自然资源局")),
    ("POST", "/appeals/{appeal_id}/assign"): Row(REFUSED_TO_ALL, appeal_params, assign_body),
    # The lead department accepts; offices may not.
    ("POST", "/appeals/{appeal_id}/accept"): Row(
        appeal_action(owner=403, city=403, province=403, department=200), appeal_params,
        body(), writes_on=200, effect=accepted),
    ("POST", "/appeals/{appeal_id}/note"): Row(
        appeal_action(owner=200, city=200, province=200, department=200), appeal_params,
        body(text=TRACKING_NOTE), writes_on=200, effect=noted),
    ("POST", "/appeals/{appeal_id}/answer"): Row(REFUSED_TO_ALL, appeal_params,
                                                 body(outcome="resolved", reply="已办结")),
    # Only the lead department asks, and only before the deadline, which has passed (400).
    ("POST", "/appeals/{appeal_id}/request-extension"): Row(
        appeal_action(owner=403, city=403, province=403, department=400), appeal_params,
        body(days=5, reason="需会商")),
    # No request is waiting: the offices' decision is refused by the service (400).
    ("POST", "/appeals/{appeal_id}/decide-extension"): Row(
        appeal_action(owner=400, city=400, province=400, department=403), appeal_params,
        body(grant=True)),
    # The time to return the assignment has passed (400).
    ("POST", "/appeals/{appeal_id}/return"): Row(
        appeal_action(owner=403, city=403, province=403, department=400), appeal_params,
        body(reason="不属于本部门职责")),
    ("POST", "/appeals/{appeal_id}/rate"): Row(REFUSED_TO_ALL, appeal_params, body(rating=5)),
    ("POST", "/appeals/{appeal_id}/reopen"): Row(REFUSED_TO_ALL, appeal_params,
                                                 body(reason="仍未解决")),
    ("POST", "/appeals/{appeal_id}/close"): Row(REFUSED_TO_ALL, appeal_params, body()),
    # 督办 is for the offices above the owning county's: the city and the province.
    ("POST", "/appeals/{appeal_id}/supervise"): Row(
        appeal_action(owner=403, city=200, province=200, department=403), appeal_params,
        body(reason=SUPERVISION), writes_on=200, effect=supervised),
    ("POST", "/appeals/{appeal_id}/merge"): Row(
        appeal_action(owner=200, city=200, province=200, department=403), appeal_params,
        merge_body, writes_on=200, effect=merged),
    ("GET", "/visits"): Row(OFFICE_LIST),
    ("GET", "/visits/{visit_id}"): Row(OBJECT_READ, visit_params),
    ("GET", "/contacts"): Row(OFFICE_LIST),
    ("GET", "/contacts/{contact_id}"): Row(OBJECT_READ, contact_params),
    ("GET", "/projects"): Row(OFFICE_LIST),
    ("GET", "/projects/{project_id}"): Row(OBJECT_READ, project_params),
    ("GET", "/policies"): Row(OFFICE_LIST),
    ("GET", "/policies/{policy_id}"): Row(OBJECT_READ, policy_params),
    ("GET", "/figures/appeals"): Row(STAFF_LIST),
    ("GET", "/figures/campaigns/{campaign_id}/coverage"): Row(CAMPAIGN_READ, campaign_params),
    ("GET", "/figures/projects"): Row(OFFICE_LIST),
    ("GET", "/figures/policies"): Row(OFFICE_LIST),
    ("GET", "/figures/donations"): Row(OFFICE_LIST),
    ("GET", "/figures/liaison"): Row(OFFICE_LIST),
    ("GET", "/figures/hotlines"): Row(OFFICE_LIST),
    ("GET", "/figures/events"): Row(OFFICE_LIST),
}


# --- the table against the API ----------------------------------------------------------------

def operations() -> set[tuple[str, str]]:
    """(method, path) of every operation in the OpenAPI document, the path without /api/v1."""
    paths = api.get_openapi_schema(path_prefix="")["paths"]
    return {(method.upper(), path) for path, methods in paths.items() for method in methods}


def test_every_operation_is_in_the_matrix():
    missing = sorted(operations() - set(ROWS))
    assert not missing, (
        "These API operations are not in the API matrix. Add each to ROWS in "
        "tests/test_api_matrix.py with the status every cast member must get: "
        + ", ".join(f"{method} {path}" for method, path in missing))


def test_the_matrix_lists_only_existing_operations():
    stale = sorted(set(ROWS) - operations())
    assert not stale, f"ROWS lists operations the API no longer has: {stale}"


# The API's own URL patterns that are not operations: the OpenAPI document, ninja's root (404)
# and the catch-all that answers any other address with a JSON 404.
NOT_OPERATIONS = {"openapi.json", "", "<path:rest>"}


def _api_routes() -> set[str]:
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api-v1":
            return {str(pattern.pattern) for pattern in entry.url_patterns
                    if isinstance(pattern, URLPattern)}
    raise AssertionError("the API is not mounted")


def test_every_url_pattern_of_the_api_is_an_operation_of_the_matrix():
    """A view mounted beside ninja's operations would escape the table above."""
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/")) for _m, path in ROWS}
    routes = {re.sub(r"<\w+:(\w+)>", r"<\1>", route) for route in _api_routes()
              if route not in NOT_OPERATIONS}
    assert routes <= documented, sorted(routes - documented)


# --- the cast, once for the module ------------------------------------------------------------

world = api_world_fixture()


# --- the matrix itself --------------------------------------------------------------------------

def _cases():
    for method, path in ROWS:
        for member in MEMBERS:
            yield pytest.param(method, path, member, id=f"{method} {path} {member}")


def _snapshot() -> dict:
    state = snapshot_database()
    # Reading with a token notes when it was last used: not a change the request made.
    state.pop("api_tokens", None)
    return state


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "member"), list(_cases()))
def test_api_matrix(client, world: World, method: str, path: str, member: str):
    cast, row = world.cast, ROWS[(method, path)]
    expected = row.expected[member]
    url = BASE + path.format(**row.params(cast))
    headers = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    if member != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[member]}"
    before = _snapshot()

    if method == "GET":
        response = client.get(url, **headers)
    else:
        response = client.post(url, json.dumps(row.body(cast) if row.body else {}),
                               content_type="application/json", **headers)

    where = f"{method} {url} as {member}"
    assert response.status_code == expected, (
        f"{where}: got {response.status_code}, expected {expected}: {response.content[:300]!r}")
    assert response["Content-Type"].startswith("application/json"), where
    answer = response.json()
    if response.status_code >= 400:
        assert set(answer) == {"code", "message", "details"} and answer["message"], where
    if member in OUTSIDERS and member not in row.insiders:
        text = response.content.decode()
        leaked = [secret for secret in secrets_of(cast) if secret and secret in text]
        assert not leaked, f"{where}: the answer shows {leaked}"
    if row.writes_on is not None and expected == row.writes_on:
        row.effect(cast, response)
    else:
        assert _snapshot() == before, f"{where}: nothing may change, yet the database did"


def test_the_cast_appeal_is_where_the_table_expects_it(world: World, db):
    """The statuses above read the appeal as assigned to the department, with the first
    contact recorded, no extension waiting, and its deadlines (registered 2026-06-01) passed."""
    appeal = Appeal.objects.get(pk=world.cast.appeals.appeal.pk)
    assert appeal.state == State.ASSIGNED and appeal.first_contact_at is not None
    assert not appeal.extensions.exists()
    assert appeal.answer_due < timezone.now() and appeal.return_due < timezone.now()
