"""Every error of the API is one JSON shape, ``{"code", "message", "details"}``, with the message
in the language the client asked for (Accept-Language): the handlers below turn each refusal of
the access rules, the forms, the workflow and the services into it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.errors import StaleEdit

logger = logging.getLogger(__name__)


class ErrorDetail(Schema):
    field: str
    message: str


class Error(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


# The statuses every operation may answer with an Error (declared in the OpenAPI document).
COMMON_ERRORS = (401, 404, 422)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)


def errors(*statuses: int) -> dict[int, type[Error]]:
    return dict.fromkeys(statuses, Error)


class ApiError(Exception):
    """A refusal an endpoint states itself (code, message and status)."""

    def __init__(self, status: int, code: str, message: str,
                 details: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = list(details)


def error_response(status: int, code: str, message: str,
                   details: Iterable[tuple[str, str]] = ()) -> JsonResponse:
    body = {"code": code, "message": message,
            "details": [{"field": field, "message": text} for field, text in details]}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_found_message() -> str:
    return _("There is no such record, or it is outside your jurisdiction.")


def invalid_input(details: list[tuple[str, str]]) -> ApiError:
    return ApiError(422, "invalid_input", _("Nothing was done: some values are not valid."),
                    details)


def form_errors(form) -> list[tuple[str, str]]:
    """A Django form's messages, each with its field name ("" for the whole form)."""
    return [("" if name == "__all__" else name, str(message))
            for name, messages in form.errors.items() for message in messages]


def _service_details(error: DjangoValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [("" if name == "__all__" else name, message)
                for name, messages in error.message_dict.items() for message in messages]
    return [("", message) for message in error.messages]


# --- pydantic's refusals, said in the client's language -----------------------------------------

def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("The smallest value allowed is %(limit)s.") % {
            "limit": context.get("ge", context.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("The largest value allowed is %(limit)s.") % {
            "limit": context.get("le", context.get("lt"))}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind == "string_too_long":
        return _("At most %(limit)s characters.") % {"limit": context.get("max_length")}
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("The request body must be a JSON object.")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    return _("This value is not valid.")


def _pydantic_field(error: dict) -> str:
    # ("query", "page_size") or ("body", "payload", "reason"): the first part says where.
    location = [str(part) for part in error.get("loc", ())][1:]
    if location and location[0] == "payload":
        location = location[1:]
    return ".".join(location)


# --- the handlers -------------------------------------------------------------------------------

def install(api) -> None:
    """Register the handlers on the NinjaAPI."""

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(401, "unauthenticated", _(
            "Send a valid API token in the Authorization header: Bearer <token>."))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", not_found_message())

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(403, "forbidden",
                              str(exc) or _("Your role does not allow this."))

    @api.exception_handler(TransitionRefused)
    def _refused(request: HttpRequest, exc: TransitionRefused) -> HttpResponse:
        return error_response(403, "transition_refused", " ".join(exc.messages))

    @api.exception_handler(StaleEdit)
    def _stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
        return error_response(409, "stale_version", _(
            "Someone else changed this record after the version you sent. Nothing was saved: "
            "read it again and decide anew."))

    @api.exception_handler(DjangoValidationError)
    def _business_rule(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        details = _service_details(exc)
        return error_response(400, "business_rule", " ".join(text for _f, text in details),
                              details)

    @api.exception_handler(NinjaValidationError)
    def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = [(_pydantic_field(error), _pydantic_message(error)) for error in exc.errors]
        return error_response(422, "invalid_input",
                              _("Nothing was done: some values are not valid."), details)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # ninja could not read the body at all
            return error_response(400, "malformed_request", _(
                "The request body is not valid JSON. Nothing was done."))
        return error_response(exc.status_code, "http_error", str(exc))

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "server_error", _(
            "Something went wrong on the server. Nothing was saved; the error is logged."))


def json_errors_outside_operations(view: Callable[..., HttpResponse]
                                   ) -> Callable[..., HttpResponse]:
    """The URL patterns' own answers in the same JSON shape: ninja answers a method a path does
    not have with a plain-text 405, and its root path raises 404 outside its handlers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return unknown_address(request)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response.get("Allow", "")
            response = error_response(405, "method_not_allowed", _(
                "This address does not answer %(method)s; it answers %(allowed)s.")
                % {"method": request.method, "allowed": allowed})
            response["Allow"] = allowed
        return response

    wrapper.csrf_exempt = True  # token authentication only: no cookies, so no CSRF
    return wrapper


@csrf_exempt
def unknown_address(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", _("There is no such address in the API."))
