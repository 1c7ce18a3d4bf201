from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qinshang.access.rules import staff_required
from qinshang.search import selectors
from qinshang.search.forms import SearchForm
from qinshang.search.kinds import BY_KEY

ALL_KINDS_LIMIT = 5
ONE_KIND_PAGE = 20


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
