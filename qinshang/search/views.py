from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from qinshang.access.rules import staff_required
from qinshang.search import selectors
from qinshang.search.forms import PickForm, SearchForm
from qinshang.search.kinds import BY_KEY

ALL_KINDS_LIMIT = 5
ONE_KIND_PAGE = 20
PICK_LIMIT = 10


@staff_required
def search_page(request: HttpRequest) -> HttpResponse:
    """One box for everything: the first hits of every kind, or one kind page by page."""
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "groups": [], "kind": None, "searched": False}
    if form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        context.update(searched=True, text=text)
        kind = BY_KEY.get(form.cleaned_data["kind"] or "")
        if kind is None:
            context["groups"] = selectors.search(request.user, text, limit=ALL_KINDS_LIMIT)
        else:
            page = form.cleaned_data["page"] or 1
            hits, more = selectors.search_kind(request.user, kind, text, limit=ONE_KIND_PAGE,
                                               offset=(page - 1) * ONE_KIND_PAGE)
            context.update(kind=kind, page=page, more=more, groups=[
                selectors.Group(kind=kind, hits=hits, more=more)] if hits else [])
    return render(request, "search/search.html", context)


@staff_required
@require_GET
def pick(request: HttpRequest, kind: str) -> HttpResponse:
    """The matches a form's picker offers (an HTML fragment for htmx): nothing until something
    is typed, then the first few the user may choose."""
    if kind not in selectors.PICKABLE_KINDS:
        raise Http404
    search_kind = BY_KEY[kind]
    form = PickForm(request.GET)
    context: dict = {"kind": search_kind, "hits": [], "more": False, "text": ""}
    if form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"]
        among = selectors.pickable(request.user, search_kind, form.scope())
        hits, more = selectors.search_kind(request.user, search_kind, text, limit=PICK_LIMIT,
                                           base=among)
        context.update(hits=hits, more=more, text=text)
    # Stripped, so that "nothing" is an empty element the picker's CSS can hide.
    return HttpResponse(render_to_string("search/pick.html", context, request).strip())
