"""The public directory of the service hotlines (issue #5 point 4): no login, in Traditional
Chinese like the rest of the portal (the office's Simplified text converted for the reader),
filtered by division. It shows only what any compatriot may know: the lines in service that
have started, their number, answering office, purpose and hours."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from qinshang.core.widgets import FastSelect
from qinshang.hotlines import selectors
from qinshang.portal.templatetags.portal import for_reader
from qinshang.regions.models import Region

INDENT = {Region.Level.PROVINCE: "", Region.Level.CITY: "\u3000",
          Region.Level.COUNTY: "\u3000\u3000"}


class DirectoryForm(forms.Form):
    region = forms.ChoiceField(
        label=pgettext_lazy("hotline directory", "Area"), required=False, widget=FastSelect,
        error_messages={"invalid_choice": _("Choose an area from the list.")})

    def __init__(self, data=None, *, divisions: list[Region]) -> None:
        super().__init__(data)
        self.divisions = {region.code: region for region in divisions}
        self.fields["region"].choices = [("", _("All areas"))] + [
            (region.code, INDENT.get(region.level, "") + for_reader(region.name))
            for region in divisions]

    def chosen(self) -> Region | None:
        if not self.is_bound or not self.is_valid():
            return None
        return self.divisions.get(self.cleaned_data["region"] or "")


@require_safe
def hotline_directory(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = DirectoryForm(request.GET or None, divisions=selectors.public_divisions(today))
    region = form.chosen()
    page = Paginator(selectors.public_directory(today, region),
                     settings.QINSHANG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/hotlines.html", {
        "form": form, "region": region, "page": page, "query": query.urlencode()})
