"""The jurisdiction matrix's routes of the Open311 intake (see tests/matrix_common.py).

Discovery, the service list and the service definitions are public, as the GeoReport v2
specification has them: 200 for everyone, logged in or not. Service requests are appeals and
need an api_key (a personal API token); the matrix's members are logged in by a session cookie
and carry no key, and a session never stands in for one: every read and every post of requests
answers 403 in Open311's error format, for the owner as for the anonymous visitor, and writes
nothing. What each member's key reaches is tested in qinshang/open311/tests/test_keys.py."""

from __future__ import annotations

from qinshang.testing.cast import Cast
from tests.matrix_common import Route, everyone

LABEL = "open311"
PREFIXES: tuple[str, ...] = ("open311:",)


def build(cast: Cast) -> None:
    """Nothing of its own: the routes use the cast's enterprise and appeal."""
    return None


def json_kwargs(cast: Cast) -> dict:
    return {"format": "json"}


def service_kwargs(cast: Cast) -> dict:
    return {"format": "xml", "service_code": "land"}


def request_kwargs(cast: Cast) -> dict:
    return {"format": "json", "service_request_id": cast.appeals.appeal.pk}


def request_data(cast: Cast) -> dict:
    """A valid service request but for the api_key."""
    return {"service_code": "land", "address_id": cast.enterprise.credit_code,
            "attribute[kind]": "request", "attribute[title]": "厂区道路维修需要协调",
            "description": "厂区门前道路破损，货车进出困难。"}


ROUTES: dict[str, Route] = {
    "open311:discovery": Route(kwargs=json_kwargs, get=everyone(200)),
    "open311:services": Route(kwargs=json_kwargs, get=everyone(200)),
    "open311:service_definition": Route(kwargs=service_kwargs, get=everyone(200)),
    "open311:requests": Route(kwargs=json_kwargs, get=everyone(403), post=everyone(403),
                              data=request_data),
    "open311:request": Route(kwargs=request_kwargs, get=everyone(403)),
}


def snapshot() -> dict:
    from qinshang.open311.models import Submission

    return {"open311_submissions": list(Submission.objects.order_by("pk").values())}
