"""The API against its own OpenAPI document (issue #7): schemathesis generates requests for every
operation from /api/v1/openapi.json, valid and invalid, and sends them through the WSGI
application with the owner's token. No answer may be a server error, and every answer (errors
included) must be what the document says: its status declared, its content type and its body's
schema.

Generated ids rarely name a record, so every other example asks for the cast's own (its
enterprise, appeal, visit …): the answers then include the records themselves and the workflow's
real refusals and successes, not only 404. Hypothesis runs derandomized (the same examples every
run), without a deadline, and keeps its files in a temporary folder, never in the repository."""

from __future__ import annotations

import tempfile

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_world import World, api_world_fixture

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="qinshang-hypothesis-"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
world = api_world_fixture()

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES_PER_OPERATION = 6


@pytest.fixture(autouse=True)
def connections_kept_open():
    """Requests go through the WSGI handler itself, whose request signals close the database
    connection after each request: that would end the test's transaction (PostgreSQL; SQLite's
    in-memory test database ignores it). Django's test client disconnects them the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def with_cast_ids(case, world: World) -> None:
    """The cast's records in place of generated ids, in every other example."""
    parameters = case.path_parameters or {}
    if any(isinstance(value, int) and value % 2 == 0 for value in parameters.values()):
        ids = world.ids()
        case.path_parameters = {name: ids.get(name, value) for name, value in parameters.items()}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_document(case, world: World):
    with_cast_ids(case, world)
    case.call_and_validate(headers={"Authorization": f"Bearer {world.tokens['owner']}"},
                           checks=CHECKS)
