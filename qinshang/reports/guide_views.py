"""The service guide (办事指南) page: tick policies from the library the user may see (filtered
by topic or title), give a title, download one docx with a table of contents.

A policy id out of the user's reach among the ticked ones answers 404, as everywhere: the
guide is never compiled from a policy the user could not open."""

from __future__ import annotations

import re
import tempfile

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from qinshang.access import office_staff_required, principal_of
from qinshang.core.forms import form_status
from qinshang.offices.models import Office
from qinshang.reports.docx_writer import DOCX
from qinshang.reports.guide import Guide, build_guide, policies_for_guide, write_guide
from qinshang.reports.guide_forms import GuideForm, LibraryFilterForm


def _office_name(user) -> str:
    """The user's own office (the top of their first range), for the title page."""
    ranges = principal_of(user).read_ranges
    office = Office.objects.filter(region_id=ranges[0][0]).first() if ranges else None
    return office.name if office else ""


def _guide_response(guide: Guide) -> FileResponse:
    # FileResponse closes the file once it has been sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_guide(guide, handle)
    handle.seek(0)
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", guide.title).strip("_") or "guide"
    return FileResponse(handle, as_attachment=True, filename=f"{name}.docx",
                        content_type=DOCX)


@office_staff_required
@require_http_methods(["GET", "POST"])
def service_guide(request: HttpRequest) -> HttpResponse:
    library = LibraryFilterForm(request.GET or None)
    form = GuideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = policies_for_guide(request.user, form.cleaned_data["policies"])
        if chosen is None:
            raise Http404
        return _guide_response(build_guide(form.cleaned_data["title"],
                                           _office_name(request.user), list(chosen),
                                           timezone.localdate()))
    ticked = {str(value) for value in request.POST.getlist("policies")}
    return render(request, "reports/service_guide.html", {
        "library": library, "listing": library.listing(request.user), "form": form,
        "ticked": ticked, "query": request.GET.urlencode()}, status=form_status(form))
