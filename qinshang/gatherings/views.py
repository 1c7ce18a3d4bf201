"""Staff pages of events (座谈会, 圆桌恳谈会, 联谊会 …): the list, recording an event with who
attended and the problems raised there, its page with the outcomes, editing it, and recording
outcomes from its page: appeals raised (channel symposium) and projects signed. Office staff
only; reading follows the event's division, writing needs write reach there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from qinshang.access import can_write, office_staff_required, principal_of, require_writer
from qinshang.appeals.models import Appeal
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import add_service_errors, query_without_page
from qinshang.gatherings import exports, selectors, services
from qinshang.gatherings.forms import GatheringFilterForm, GatheringForm, raised_problem_formset
from qinshang.gatherings.models import SIGNING_KINDS, Gathering
from qinshang.projects.forms import ProjectForm

STALE_EDIT = gettext_lazy("Someone else changed this event after you opened the form. Nothing "
                          "was saved and your input is still in the form: check the event's page "
                          "for their change, then save again.")


def _status(form, problems=None) -> int:
    failed = bool(form.errors) or bool(problems is not None and problems.total_error_count())
    return 400 if form.is_bound and failed else 200


def _service_errors(form, problems, error: ValidationError) -> None:
    """Problems' refusals above the problems, the rest beside their field."""
    if problems is not None and hasattr(error, "error_dict") and "problems" in error.error_dict:
        problems.non_form_errors().extend(error.message_dict["problems"])
        rest = {key: value for key, value in error.message_dict.items() if key != "problems"}
        if not rest:
            return
        error = ValidationError(rest)
    add_service_errors(form, error)


def _announce(request: HttpRequest, done: str, appeals: list[Appeal]) -> None:
    if not appeals:
        messages.success(request, done)
        return
    links = format_html_join("、", '<a href="{}">{} {}</a>', (
        (reverse("appeals:detail", args=[appeal.pk]), appeal.reference, appeal.title)
        for appeal in appeals))
    messages.success(request, format_html("{} {} {}", done, _("Appeals registered:"), links))


@office_staff_required
@require_GET
def gathering_list(request: HttpRequest) -> HttpResponse:
    filters = GatheringFilterForm(request.GET or None, user=request.user)
    return render(request, "gatherings/list.html", {
        "filters": filters, "query": query_without_page(request),
        "page": selectors.gathering_page(request.user, filters.criteria(),
                                         request.GET.get("page")),
        "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def gathering_export(request: HttpRequest) -> HttpResponse:
    filters = GatheringFilterForm(request.GET or None, user=request.user)
    return exports.gatherings_workbook_response(
        selectors.gathering_list(request.user, filters.criteria()))


@office_staff_required
@require_http_methods(["GET", "POST"])
def gathering_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = GatheringForm(request.POST or None, user=request.user)
    problems = raised_problem_formset(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), problems.is_valid()]):
        raised = problems.raised([*form.enterprise_rows, *form.person_rows])
        if not problems.total_error_count():
            try:
                gathering = services.gathering_record(
                    actor=request.user, data=form.gathering_data(),
                    enterprises=form.enterprise_rows, persons=form.person_rows, problems=raised)
            except ValidationError as error:
                _service_errors(form, problems, error)
            except TransitionRefused as refused:
                form.add_error("region", refused.messages)
            else:
                _announce(request, _("Event recorded."), list(gathering.appeals.all()))
                return redirect("gatherings:detail", pk=gathering.pk)
    return render(request, "gatherings/form.html", {"form": form, "problems": problems},
                  status=_status(form, problems))


@office_staff_required
@require_GET
def gathering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = selectors.gathering_detail(request.user, pk)
    projects = selectors.projects_signed_visible(request.user, gathering)
    return render(request, "gatherings/detail.html", {
        "gathering": gathering, "may_write": can_write(request.user, gathering),
        "signs": gathering.kind in SIGNING_KINDS,
        "enterprises": list(selectors.attending_enterprises(gathering)),
        "persons": list(selectors.attending_persons(gathering)),
        "appeals": list(selectors.appeals_raised_visible(request.user, gathering)),
        "projects": list(projects), "contracted": selectors.contracted_total(projects)})


@office_staff_required
@require_http_methods(["GET", "POST"])
def gathering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = selectors.gathering_detail(request.user, pk, write=True)
    form = GatheringForm(request.POST or None, user=request.user, gathering=gathering)
    if request.method == "POST" and form.is_valid():
        try:
            services.gathering_update(
                actor=request.user, gathering=gathering, data=form.gathering_data(),
                enterprises=form.enterprise_rows, persons=form.person_rows,
                expected_version=form.cleaned_data["version"])
        except services.StaleEdit:
            form.add_error(None, STALE_EDIT)
            return render(request, "gatherings/form.html",
                          {"form": form, "gathering": gathering}, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        else:
            messages.success(request, _("Event saved."))
            return redirect("gatherings:detail", pk=pk)
    return render(request, "gatherings/form.html", {"form": form, "gathering": gathering},
                  status=_status(form))


def _attendees(gathering: Gathering) -> list:
    return [*selectors.attending_enterprises(gathering), *selectors.attending_persons(gathering)]


@office_staff_required
@require_http_methods(["GET", "POST"])
def gathering_appeals(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = selectors.gathering_detail(request.user, pk, write=True)
    attendees = _attendees(gathering)
    problems = raised_problem_formset(request.POST or None, parties=attendees)
    if request.method == "POST" and problems.is_valid():
        raised = problems.raised(attendees)
        if not problems.total_error_count():
            try:
                appeals = services.gathering_appeals_raise(actor=request.user,
                                                           gathering=gathering, problems=raised)
            except ValidationError as error:
                problems.non_form_errors().extend(error.messages)
            except TransitionRefused as refused:
                raise PermissionDenied(" ".join(refused.messages)) from None
            else:
                _announce(request, _("Outcomes recorded."), appeals)
                return redirect("gatherings:detail", pk=pk)
    failed = problems.is_bound and bool(problems.total_error_count())
    return render(request, "gatherings/appeals_form.html", {
        "gathering": gathering, "problems": problems, "attendees": attendees},
        status=400 if failed else 200)


@office_staff_required
@require_http_methods(["GET", "POST"])
def gathering_project(request: HttpRequest, pk: int) -> HttpResponse:
    gathering = selectors.gathering_detail(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, user=request.user, with_signing_event=False,
                       initial={"signed_on": gathering.held_on, "region": gathering.region_id})
    signs = gathering.kind in SIGNING_KINDS
    if request.method == "POST" and signs and form.is_valid():
        try:
            project = services.gathering_project_record(
                actor=request.user, gathering=gathering, data=form.project_data())
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        else:
            messages.success(request, _("Project “%(name)s” recorded as signed at this event.")
                             % {"name": project.name})
            return redirect("gatherings:detail", pk=pk)
    return render(request, "gatherings/project_form.html", {
        "gathering": gathering, "form": form, "signs": signs},
        status=_status(form) if signs else 400 if request.method == "POST" else 200)
