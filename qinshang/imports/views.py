"""The import pages: one upload page per kind, its template, and the job's page with progress.

Who may upload: visits and survey returns, any officer who may write and sees the campaign
(a county officer imports the visits and returns of their own county into a city or province
campaign; each row is checked against their reach); a target list, only the offices that run
the campaign (it replaces the campaign's list). Read-only users get 403, others 404."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qinshang.access import get_for_user, require_writer, staff_required
from qinshang.campaigns.models import Campaign, Survey
from qinshang.core.forms import form_status
from qinshang.core.spreadsheets import workbook_response
from qinshang.imports import selectors, services
from qinshang.imports.forms import ImportUploadForm
from qinshang.imports.importers import write_template
from qinshang.imports.models import ImportKind

CAMPAIGNS = Campaign.objects.select_related("scope", "visit_form")
SURVEYS = Survey.objects.select_related("campaign__scope", "form")


def _subject(user, kind: str, pk: int) -> tuple[Campaign, Survey | None]:
    """The campaign (and survey) an import of this kind goes into, as this user may use it."""
    if kind == ImportKind.SURVEY_RETURNS:
        survey = get_for_user(user, Survey, pk, queryset=SURVEYS)
        require_writer(user)
        return survey.campaign, survey
    if kind == ImportKind.TARGETS:
        return get_for_user(user, Campaign, pk, write=True, queryset=CAMPAIGNS), None
    if kind == ImportKind.VISITS:
        campaign = get_for_user(user, Campaign, pk, queryset=CAMPAIGNS)
        require_writer(user)
        return campaign, None
    raise Http404


def _upload(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    campaign, survey = _subject(request.user, kind, pk)
    page = selectors.upload_page(request.user, kind, campaign, survey)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if page.refusal:
            form.add_error(None, page.refusal)
        if form.is_valid():
            job = services.import_job_create(actor=request.user, kind=kind, campaign=campaign,
                                             survey=survey, upload=form.cleaned_data["file"])
            services.import_job_start(job)
            return redirect("imports:job", job.pk)
    return render(request, "imports/upload.html", {"page": page, "form": form},
                  status=form_status(form))


@staff_required
@require_http_methods(["GET", "POST"])
def visits_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, ImportKind.VISITS, pk)


@staff_required
@require_http_methods(["GET", "POST"])
def survey_returns_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, ImportKind.SURVEY_RETURNS, pk)


@staff_required
@require_http_methods(["GET", "POST"])
def targets_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _upload(request, ImportKind.TARGETS, pk)


@staff_required
@require_GET
def template_download(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    campaign, survey = _subject(request.user, kind, pk)
    importer = selectors.importer_of(request.user, kind, campaign, survey)
    filename = _("%(kind)s template.xlsx") % {"kind": ImportKind(kind).label}
    return workbook_response(lambda handle: write_template(handle, importer), filename)


@staff_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_of(request.user, pk)
    return render(request, "imports/job.html",
                  {"job": job, "stalled": selectors.is_stalled(job)})


@staff_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the job page that htmx polls while the import runs."""
    job = selectors.import_job_of(request.user, pk)
    return render(request, "imports/partials/progress.html",
                  {"job": job, "stalled": selectors.is_stalled(job)})


@staff_required
@require_GET
def job_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_of(request.user, pk)
    if not job.report:
        raise Http404
    filename = _("Problems in %(file)s.xlsx") % {"file": job.original_name.rsplit(".", 1)[0]}
    return FileResponse(job.report.open("rb"), as_attachment=True, filename=filename)
