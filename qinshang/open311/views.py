"""Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, and service
requests (appeals), in JSON or XML by the URL's suffix.

Discovery and services are public. Service requests need ``api_key``: a personal API token,
acting as its user with the user's jurisdiction (qinshang.api.services). A session cookie never
stands in for it, so the endpoints are exempt from CSRF, which protects cookie sessions only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from qinshang.api.services import user_for_token
from qinshang.appeals.workflow import TransitionRefused
from qinshang.open311 import documents, formats, selectors, services
from qinshang.open311.forms import RequestFilterForm, RequestForm


class Open311Error(Exception):
    """An answer in the specification's error format: 403 for the api_key, 404 for what does
    not exist (or is out of reach), 400 for anything else that cannot be done."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)

    @classmethod
    def invalid(cls, form) -> Open311Error:
        parameters = getattr(form, "PARAMETERS", {})
        return cls(400, *[message if field == "__all__"
                          else f"{parameters.get(field, field)}: {message}"
                          for field, messages in form.errors.items() for message in messages])


def _language(request: HttpRequest) -> str:
    """The ``locale`` parameter when it names a language we write, else what the client says
    it reads (Accept-Language): a program has no language selector, as the JSON API's
    clients have none (qinshang.core.middleware)."""
    wanted = request.GET.get("locale", "")
    if not wanted and request.method == "POST":
        try:
            wanted = request.POST.get("locale", "")
        except (TooManyFieldsSent, RequestDataTooBig):
            wanted = ""  # refused with its message in the endpoint
    wanted = wanted.replace("_", "-").lower()
    try:
        return translation.get_supported_language_variant(wanted)
    except LookupError:
        return translation.get_language_from_request(request)


def endpoint(*methods: str) -> Callable:
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, format: str, **kwargs) -> HttpResponse:
            with translation.override(_language(request)):
                try:
                    if request.method not in allowed:
                        raise Open311Error(405, _("This address answers %(methods)s only.")
                                           % {"methods": ", ".join(methods)})
                    response = view(request, format, **kwargs)
                except Http404:
                    response = formats.errors(format, 404, [_("Not found.")])
                except (TooManyFieldsSent, RequestDataTooBig):
                    response = formats.errors(format, 400, [_("The request is too large.")])
                except Open311Error as error:
                    response = formats.errors(format, error.status, error.descriptions)
                if response.status_code == 405:
                    response["Allow"] = ", ".join(allowed)
                response["Content-Language"] = translation.get_language()
            return response

        return wrapper

    return decorate


def _key_user(request: HttpRequest):
    secret = request.POST.get("api_key") or request.GET.get("api_key")
    if not secret:
        raise Open311Error(403, _("api_key was not provided: service requests are not public."))
    user = user_for_token(secret)
    if user is None:
        raise Open311Error(403, _("The api_key is not valid (unknown or revoked)."))
    return user


@endpoint("GET")
def discovery(request: HttpRequest, format: str) -> HttpResponse:
    return formats.respond(format, "discovery", documents.discovery())


@endpoint("GET")
def service_list(request: HttpRequest, format: str) -> HttpResponse:
    return formats.respond(format, "services", [documents.service(category)
                                                for category in selectors.services_offered()])


def _service(code: str):
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = selectors.service_offered(code)
    if category is None:
        raise Open311Error(404, _("There is no service %(code)s.") % {"code": code})
    return category


@endpoint("GET")
def service_definition(request: HttpRequest, format: str, service_code: str) -> HttpResponse:
    category = _service(service_code)
    return formats.respond(format, "service_definition", documents.definition(category))


@endpoint("GET", "POST")
def requests(request: HttpRequest, format: str) -> HttpResponse:
    user = _key_user(request)
    if request.method != "POST":
        form = RequestFilterForm(request.GET)
        if not form.is_valid():
            raise Open311Error.invalid(form)
        appeals = selectors.request_list(user, form.criteria())
        return formats.respond(format, "service_requests", [documents.request(appeal)
                                                            for appeal in appeals])
    return _submit(request, format, user)


def _submit(request: HttpRequest, format: str, user) -> HttpResponse:
    category = _service(request.POST.get("service_code", "").strip())
    form = RequestForm(request.POST, user=user)
    if not form.is_valid():
        raise Open311Error.invalid(form)
    try:
        appeal = services.request_submit(actor=user, category=category,
                                         enterprise=form.enterprise,
                                         request=form.service_request())
    except TransitionRefused as refusal:
        raise Open311Error(403, *refusal.messages) from None
    except ValidationError as error:
        raise Open311Error(400, *error.messages) from None
    return formats.respond(format, "service_requests", [documents.submitted(appeal)])


@endpoint("GET")
def service_request(request: HttpRequest, format: str, service_request_id: str) -> HttpResponse:
    user = _key_user(request)
    appeal = selectors.request_detail(user, service_request_id)
    return formats.respond(format, "service_requests", [documents.request(appeal)])
