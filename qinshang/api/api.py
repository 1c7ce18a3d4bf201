"""The JSON API at /api/v1/ (DESIGN.md §7): one NinjaAPI, personal tokens as its only
authentication, the same jurisdiction and roles as the staff pages, every error as JSON.

The OpenAPI document is at /api/v1/openapi.json. ninja's docs page is switched off: it loads
Swagger UI from a CDN, and nothing may be fetched from the internet at run time."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from qinshang.api import errors
from qinshang.api.routers import appeal_actions, appeals, enterprises, figures, records
from qinshang.api.services import user_for_token

DESCRIPTION = """\
The work system of the Taiwan affairs offices as JSON, for programs.

**Authentication.** Every request carries a personal API token, created on the page
*API tokens* of the user menu: `Authorization: Bearer <token>`. The token acts as its user, with
the user's roles and jurisdiction, exactly as on the pages: a record outside the jurisdiction
answers 404, like one that does not exist. The API serves office staff and department liaisons;
a portal user's token finds nothing (404).

**Pagination.** Lists take `page` (from 1) and `page_size` (default 20, at most 100; a larger
value is refused with 422) and answer `items`, `page`, `page_size` and `next` (the next page's
number, or null). Nothing is counted: a list never says how many rows it has in all.

**Errors.** Every error is `{"code": "...", "message": "...", "details": [{"field", "message"}]}`,
the message in the language of `Accept-Language` (zh-Hans, zh-Hant or en; default zh-Hans).
Codes: `unauthenticated` (401), `forbidden` and `transition_refused` (403), `not_found` (404),
`method_not_allowed` (405), `stale_version` (409), `invalid_input` (422, nothing done),
`business_rule` (400, a rule of the service refused; nothing done), `malformed_request` (400,
the body is not JSON). Nothing is ever half done.

**Values.** Ids are integers, divisions are GB/T 2260 codes, categories their codes, dates ISO
8601, amounts decimal strings (yuan, or 10,000 yuan where the field says so).
"""


class TokenAuth(HttpBearer):
    """A personal token; the request then acts as the token's user (request.user), with no
    session and no cookie, hence no CSRF check."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


class ReadableJSON(JSONRenderer):
    """Chinese as characters, not as \\u escapes: half the size, and readable in a log."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="qinshang API", version="1", description=DESCRIPTION, urls_namespace="api-v1",
    auth=TokenAuth(), docs_url=None, openapi_url="/openapi.json", renderer=ReadableJSON(),
)
errors.install(api)
for module in (enterprises, appeals, appeal_actions, records, figures):
    api.add_router("", module.router)


def urlpatterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    """ninja's URL patterns, each answering its own 404 and 405 as JSON too, and a last pattern
    that answers every other address under /api/v1/ with a JSON 404."""
    patterns, app_name, namespace = api.urls
    wrapped = []
    for pattern in patterns:
        pattern.callback = errors.json_errors_outside_operations(pattern.callback)
        wrapped.append(pattern)
    wrapped.append(path("<path:rest>", errors.unknown_address, name="unknown"))
    return wrapped, app_name, namespace
