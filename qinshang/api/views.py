"""The staff's own API tokens: the list, a new token (its secret shown once, on the answer to the
form and never again) and revoking one. Another user's token is not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qinshang.access import staff_required
from qinshang.api import selectors, services
from qinshang.api.forms import TokenForm
from qinshang.core.forms import add_service_errors


def _list_page(request: HttpRequest, form: TokenForm, *, status: int = 200) -> HttpResponse:
    return render(request, "api/tokens.html",
                  {"form": form, "tokens": selectors.tokens_of(request.user)}, status=status)


@staff_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, TokenForm())


@staff_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            issued = services.token_issue(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The secret is on this answer only: no redirect, no cache, nothing stored.
            response = render(request, "api/token_created.html",
                              {"token": issued.token, "secret": issued.secret})
            add_never_cache_headers(response)
            return response
    return _list_page(request, form, status=400)


@staff_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = services.token_revoke(actor=request.user,
                                token=selectors.token_of(request.user, pk))
    messages.success(request, _("The token “%(name)s” is revoked: it opens nothing any more.")
                     % {"name": token.name})
    return redirect("api_tokens:list")
