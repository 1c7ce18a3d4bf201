"""The jurisdiction matrix's routes of the API token pages (see tests/matrix_common.py). The JSON
API itself has its own matrix, tests/test_api_matrix.py.

Every staff member keeps their own tokens: the list and a new token are theirs alone (a new
token's page shows its secret, 200); portal users find no such page (404). The cast's token is
the owner's: only the owner may revoke it, for everyone else its id is not found (404)."""

from __future__ import annotations

from dataclasses import dataclass

from qinshang.testing.cast import Cast
from tests.matrix_common import LOGIN, STAFF_LIST, STAFF_POST_ONLY, Route, expect

LABEL = "api_tokens"
# The route names whose cases need this app's part of the cast (build below).
PREFIXES: tuple[str, ...] = ("api_tokens:",)

NEW_TOKEN = "统计脚本"
TOKEN_CREATE = expect(owner=200, reader=200, neighbour=200, city=200, province=200,
                      other_city=200, department=200, portal=404, anonymous=LOGIN)
OWN_TOKEN_REVOKE = expect(owner=302, reader=404, neighbour=404, city=404, province=404,
                          other_city=404, department=404, portal=404, anonymous=LOGIN)


@dataclass
class TokenCast:
    token: object


def build(cast: Cast) -> TokenCast:
    """The owner's token, reachable later as cast.extras["api_tokens"]."""
    from qinshang.api.services import token_issue

    return TokenCast(token=token_issue(actor=cast.owner, name="区台办统计").token)


def token_kwargs(cast: Cast) -> dict:
    return {"pk": cast.extras[LABEL].token.pk}


def new_token_data(cast: Cast) -> dict:
    return {"name": NEW_TOKEN}


def token_created(cast: Cast, response) -> None:
    from qinshang.api.models import ApiToken

    created = ApiToken.objects.get(name=NEW_TOKEN)
    assert response.context["secret"].startswith(created.prefix)
    assert created.user.username == response.wsgi_request.user.username


def token_revoked(cast: Cast, response) -> None:
    from qinshang.api.models import ApiToken

    assert ApiToken.objects.get(pk=cast.extras[LABEL].token.pk).revoked_at is not None


ROUTES: dict[str, Route] = {
    "api_tokens:list": Route(get=STAFF_LIST),
    "api_tokens:create": Route(get=STAFF_POST_ONLY, post=TOKEN_CREATE, data=new_token_data,
                               writes_on=200, effect=token_created),
    "api_tokens:revoke": Route(kwargs=token_kwargs, get=STAFF_POST_ONLY, post=OWN_TOKEN_REVOKE,
                               writes_on=302, effect=token_revoked),
}


def snapshot() -> dict:
    """Every row of this app that a view of the matrix could change."""
    from qinshang.api.models import ApiToken

    return {"api_tokens": list(ApiToken.objects.order_by("pk").values())}
