"""Staff pages of the investment projects: the list with its filters and export, a new project,
its page with the stage timeline, its edit, and recording a stage.

The pages are the offices' own work (department liaisons and portal users find nothing here).
A project is read by whoever's jurisdiction holds its division and changed by those who write
there; the leader reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from qinshang.access import can_write, office_staff_required, principal_of, require_writer
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.core.spreadsheets import workbook_response
from qinshang.imports.forms import ImportUploadForm
from qinshang.imports.importers import IMPORTERS, write_template
from qinshang.imports.models import ImportJob, ImportKind
from qinshang.imports.readers import MAX_BYTES, MAX_ROWS
from qinshang.imports.services import import_job_create, import_job_start
from qinshang.projects import exports, selectors, services
from qinshang.projects.forms import ProjectFilterForm, ProjectForm, StageForm

STALE_EDIT = gettext_lazy("Someone else changed this project after you opened the form. "
                          "Nothing was saved and your input is still in the form: check the "
                          "project's page for their change, then save again.")


@office_staff_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None, user=request.user)
    page = selectors.project_page(request.user, filters.criteria(), request.GET.get("page"))
    return render(request, "projects/list.html", {
        "filters": filters, "page": page, "query": query_without_page(request),
        "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET or None, user=request.user)
    return exports.projects_workbook_response(
        selectors.project_list(request.user, filters.criteria()))


@office_staff_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user, data=form.project_data(),
                signing_event=form.cleaned_data["signing_event"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project “%(name)s” saved.") % {"name": project.name})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form}, status=form_status(form))


@office_staff_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, user=request.user, project=project)
    status = form_status(form)
    if request.method == "POST" and form.is_valid():
        data = {**form.project_data(), "signing_event": form.cleaned_data["signing_event"]}
        try:
            services.project_update(actor=request.user, project=project, data=data,
                                    version=form.cleaned_data["version"])
        except services.StaleEdit:
            form.add_error(None, STALE_EDIT)
            status = 409
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Project “%(name)s” saved.") % {"name": project.name})
            return redirect("projects:detail", pk=pk)
    return render(request, "projects/form.html", {"form": form, "project": project},
                  status=status)


@office_staff_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(request.user, pk)
    may_write = can_write(request.user, project)
    return render(request, "projects/detail.html", {
        "project": project, "timeline": selectors.project_timeline(project),
        "may_write": may_write,
        "stage_form": StageForm(user=request.user) if may_write else None})


@office_staff_required
@require_http_methods(["GET", "POST"])
def stage_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(request.user, pk, write=True)
    form = StageForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            stage = services.project_stage_record(actor=request.user, project=project,
                                                  **form.stage_data())
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(stage)s recorded.")
                             % {"stage": stage.get_kind_display()})
            return redirect("projects:detail", pk=pk)
    return render(request, "projects/stage_form.html", {
        "project": project, "form": form, "timeline": selectors.project_timeline(project)},
        status=form_status(form))


# --- imports of projects and fund arrivals -------------------------------------------------------

IMPORT_KINDS = {ImportKind.PROJECTS: "projects:import",
                ImportKind.FUND_ARRIVALS: "projects:import_funds"}


def _import(request: HttpRequest, kind: str) -> HttpResponse:
    """The upload page of an import of projects or fund arrivals: the job then runs like every
    import (all rows checked, all written or none) and its page is the imports app's."""
    require_writer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(actor=request.user, kind=kind, campaign=None,
                                upload=form.cleaned_data["file"])
        import_job_start(job)
        return redirect("imports:job", job.pk)
    return render(request, "projects/import.html", {
        "form": form, "kind": kind, "kind_label": ImportKind(kind).label,
        "columns": IMPORTERS[kind](actor=request.user).documented_columns(),
        "recent": list(ImportJob.objects.filter(actor=request.user, kind=kind)[:5]),
        "max_rows": MAX_ROWS, "max_megabytes": MAX_BYTES // (1024 * 1024)},
        status=form_status(form))


@office_staff_required
@require_http_methods(["GET", "POST"])
def project_import(request: HttpRequest) -> HttpResponse:
    return _import(request, ImportKind.PROJECTS)


@office_staff_required
@require_http_methods(["GET", "POST"])
def fund_arrival_import(request: HttpRequest) -> HttpResponse:
    return _import(request, ImportKind.FUND_ARRIVALS)


@office_staff_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in IMPORT_KINDS:
        raise Http404
    require_writer(request.user)
    importer = IMPORTERS[kind](actor=request.user)
    filename = _("%(kind)s template.xlsx") % {"kind": ImportKind(kind).label}
    return workbook_response(lambda handle: write_template(handle, importer), filename)
