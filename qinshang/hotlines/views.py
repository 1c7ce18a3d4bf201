"""Staff pages of the service hotlines: the lines and their hours, the calls they take (a call may
become an appeal in the same step), test-call rounds and test calls.

The pages are the offices' own work (department liaisons and portal users find nothing here).
A line is read by whoever's jurisdiction holds it and changed by those who write there; a
province's round is read by the offices below it, but test calls in it are recorded by whoever
writes over the round's whole scope (``test_call_record`` asks that), so a county officer opens
its page and may not record in it (403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from qinshang.access import can_write, office_staff_required, principal_of, require_writer
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.hotlines import exports, selectors, services
from qinshang.hotlines.forms import (
    CallFilterForm,
    CallSheet,
    HotlineFilterForm,
    HotlineSheet,
    LineCriteriaForm,
    RoundForm,
    TestCallForm,
    stamp,
)
from qinshang.hotlines.models import Hotline, TestCallRound

STALE_EDIT = gettext_lazy("Someone else changed this line after you opened the form. Nothing "
                          "was saved and your input is still in the form: check the line's page "
                          "for their change, then save again.")
LINES_CHANGED = gettext_lazy("The lines matching your choice changed since their number was "
                             "shown. Nothing was saved: check the number and save again.")
NOT_IN_ROUND = gettext_lazy("You may view this round but not record test calls in it: that "
                            "needs write access over the whole of %(scope)s.")
NOT_ON_LINE = gettext_lazy("You may view this line but not record test calls on it.")


# --- lines -------------------------------------------------------------------------------------

@office_staff_required
@require_GET
def hotline_list(request: HttpRequest) -> HttpResponse:
    filters = HotlineFilterForm(request.GET or None, user=request.user)
    page = selectors.hotline_page(request.user, filters.criteria(), request.GET.get("page"))
    return render(request, "hotlines/list.html", {
        "filters": filters, "page": page, "query": query_without_page(request),
        "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def hotline_export(request: HttpRequest) -> HttpResponse:
    filters = HotlineFilterForm(request.GET or None, user=request.user)
    return exports.hotlines_workbook_response(
        request.user, selectors.hotline_list(request.user, filters.criteria()))


@office_staff_required
@require_http_methods(["GET", "POST"])
def hotline_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    sheet = HotlineSheet(request.POST or None, user=request.user)
    if request.method == "POST" and sheet.is_valid():
        try:
            hotline = services.hotline_create(
                actor=request.user, office=sheet.form.cleaned_data["office"],
                data=sheet.form.hotline_data(), hours=sheet.week())
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            messages.success(request, _("Hotline %(number)s saved.") % {"number": hotline.number})
            return redirect("hotlines:detail", pk=hotline.pk)
    return render(request, "hotlines/form.html", {"sheet": sheet}, status=sheet.status)


@office_staff_required
@require_http_methods(["GET", "POST"])
def hotline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hotline = selectors.hotline_detail(request.user, pk, write=True)
    sheet = HotlineSheet(request.POST or None, user=request.user, hotline=hotline)
    if request.method == "POST" and sheet.is_valid():
        try:
            services.hotline_update(
                actor=request.user, hotline=hotline, data=sheet.form.hotline_data(),
                hours=sheet.week(), expected_version=sheet.form.cleaned_data["version"])
        except services.StaleEdit:
            return _stale_edit(request, pk)
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            messages.success(request, _("Hotline %(number)s saved.") % {"number": hotline.number})
            return redirect("hotlines:detail", pk=pk)
    return render(request, "hotlines/form.html", {"sheet": sheet, "hotline": hotline},
                  status=sheet.status)


def _stale_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's input stays in the form, now carrying the current version, so that saving
    it again is a deliberate second step."""
    current = selectors.hotline_detail(request.user, pk, write=True)
    data = request.POST.copy()
    data["version"] = str(current.version)
    sheet = HotlineSheet(data, user=request.user, hotline=current)
    sheet.is_valid()
    sheet.form.add_error(None, STALE_EDIT)
    return render(request, "hotlines/form.html", {"sheet": sheet, "hotline": current},
                  status=409)


@office_staff_required
@require_GET
def hotline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hotline = selectors.hotline_detail(request.user, pk)
    overview = selectors.hotline_overview(request.user, hotline,
                                          may_write=can_write(request.user, hotline))
    return render(request, "hotlines/detail.html", {
        "hotline": hotline, "overview": overview,
        "week": selectors.hours_by_day(hotline),
        "may_test": selectors.may_record_in(request.user, None, hotline)})


# --- calls -------------------------------------------------------------------------------------

@office_staff_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    hotline = selectors.hotline_detail(request.user, pk, write=True)
    sheet = CallSheet(request.POST or None, user=request.user, hotline=hotline)
    if request.method == "POST" and sheet.is_valid():
        data = sheet.form.cleaned_data
        try:
            call = services.call_record(
                actor=request.user, hotline=hotline, data=sheet.form.call_data(),
                enterprise=data["enterprise"], person=data["person"],
                problem=sheet.appeal.problem())
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            if call.appeal is not None:
                messages.success(request, _("Call logged and taken in as appeal %(reference)s.")
                                 % {"reference": call.appeal.reference})
                return redirect("appeals:detail", pk=call.appeal.pk)
            messages.success(request, _("Call logged."))
            return redirect("hotlines:call_detail", pk=call.pk)
    return render(request, "hotlines/call_form.html", {
        "hotline": hotline, "sheet": sheet, "hours": selectors.hours_summary(hotline)},
        status=sheet.status)


@office_staff_required
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    filters = CallFilterForm(request.GET or None, user=request.user)
    calls = selectors.call_list(request.user, filters.criteria())
    return render(request, "hotlines/calls.html", {
        "filters": filters, "page": selectors.page_of(calls, request.GET.get("page")),
        "query": query_without_page(request)})


@office_staff_required
@require_GET
def call_export(request: HttpRequest) -> HttpResponse:
    filters = CallFilterForm(request.GET or None, user=request.user)
    return exports.calls_workbook_response(selectors.call_list(request.user, filters.criteria()))


@office_staff_required
@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "hotlines/call_detail.html",
                  {"call": selectors.call_detail(request.user, pk)})


# --- test-call rounds --------------------------------------------------------------------------

@office_staff_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    return render(request, "hotlines/rounds.html", {
        "page": selectors.round_page(request.user, request.GET.get("page")),
        "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    """The round's name, office and period, and the lines it is to call chosen by filters whose
    count is shown (and sent back: a different count at saving refuses the save)."""
    require_writer(request.user)
    posted = request.method == "POST"
    source = request.POST if posted else request.GET
    form = (RoundForm(request.POST, user=request.user) if posted else
            RoundForm(user=request.user, initial=_given(request.GET, RoundForm.base_fields)))
    lines_form = LineCriteriaForm(source or None, user=request.user)
    office = _office(form, source)
    criteria = lines_form.criteria(office)
    candidates = selectors.round_candidates(request.user, criteria) if criteria else None
    lines = list(candidates) if candidates is not None else []
    status = 200
    if posted and form.is_valid() and criteria is not None:
        if request.POST.get("count") != str(len(lines)):
            form.add_error(None, LINES_CHANGED)
            status = 409
        else:
            try:
                test_round = services.round_create(
                    actor=request.user, office=form.cleaned_data["office"],
                    data=form.round_data(), hotlines=lines)
            except TransitionRefused as refused:
                raise PermissionDenied(" ".join(refused.messages)) from None
            except ValidationError as error:
                _round_errors(form, lines_form, error)
            else:
                messages.success(request, ngettext(
                    "Round saved: %(count)d line to call.",
                    "Round saved: %(count)d lines to call.", len(lines)) % {"count": len(lines)})
                return redirect("hotlines:round_detail", pk=test_round.pk)
    if posted and status == 200:
        status = max(form_status(form), form_status(lines_form))
    context = {"form": form, "lines_form": lines_form, "count": len(lines),
               "counted": criteria is not None, "preview": lines[:20], "office": office}
    if request.headers.get("HX-Request") and not posted:
        return render(request, "hotlines/partials/round_lines.html", context)
    return render(request, "hotlines/round_form.html", context, status=status)


def _given(data, fields) -> dict:
    return {name: data[name] for name in fields if data.get(name)}


def _office(form: RoundForm, data):
    """The office chosen (or the form's default), when it is one the user may choose."""
    offices = form.fields["office"].queryset
    chosen = data.get("office") or form.fields["office"].initial
    try:
        return offices.get(pk=chosen) if chosen else None
    except (offices.model.DoesNotExist, ValueError, TypeError):
        return None


def _round_errors(form: RoundForm, lines_form: LineCriteriaForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and "hotlines" in error.error_dict:
        lines_form.add_error(None, error.message_dict["hotlines"])
        rest = {key: value for key, value in error.message_dict.items() if key != "hotlines"}
        if not rest:
            return
        error = ValidationError(rest)
    add_service_errors(form, error)


@office_staff_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    test_round = selectors.round_of(request.user, pk)
    return render(request, "hotlines/round_detail.html", {
        "test_round": test_round, "overview": selectors.round_overview(request.user, test_round)})


# --- test calls --------------------------------------------------------------------------------

@office_staff_required
@require_http_methods(["GET", "POST"])
def test_call_create(request: HttpRequest) -> HttpResponse:
    hotline = selectors.hotline_detail(request.user, request.GET.get("hotline"))
    test_round = _round_of_line(request, hotline)
    require_writer(request.user)
    if not selectors.may_record_in(request.user, test_round, hotline):
        raise PermissionDenied(NOT_IN_ROUND % {"scope": test_round.scope.name}
                               if test_round is not None else NOT_ON_LINE)
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "hotlines/partials/hours_hint.html",
                      _hours_hint(hotline, request.GET.get("called_at")))
    form = TestCallForm(request.POST or None, test_round=test_round)
    warning = None
    if request.method == "POST" and form.is_valid():
        called_at = form.cleaned_data["called_at"]
        within = hotline.open_at(called_at)
        if not within and not form.confirmed_outside_hours():
            # Warned before anything is written; the same time sent again is recorded.
            data = request.POST.copy()
            data["outside_hours_ok"] = stamp(called_at)
            form = TestCallForm(data, test_round=test_round)
            form.is_valid()
            warning = called_at
        else:
            try:
                services.test_call_record(actor=request.user, hotline=hotline,
                                          test_round=test_round, data=form.test_call_data())
            except TransitionRefused as refused:
                raise PermissionDenied(" ".join(refused.messages)) from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Test call recorded.") if within else _(
                    "Test call recorded. It was outside the line's hours: it is kept but not "
                    "counted against the line."))
                if test_round is not None:
                    return redirect("hotlines:round_detail", pk=test_round.pk)
                return redirect("hotlines:detail", pk=hotline.pk)
    form.fields["called_at"].widget.attrs.update({
        "hx-get": request.get_full_path(), "hx-trigger": "change",
        "hx-target": "#hours-hint"})
    moment = form.cleaned_data.get("called_at") if form.is_bound else timezone.now()
    return render(request, "hotlines/test_call_form.html", {
        "hotline": hotline, "test_round": test_round, "form": form, "warning": warning,
        "week": selectors.hours_by_day(hotline), "hours": selectors.hours_summary(hotline),
        "recent": selectors.test_call_context(request.user, hotline),
        **_hours_hint(hotline, moment)}, status=form_status(form))


def _round_of_line(request: HttpRequest, hotline: Hotline) -> TestCallRound | None:
    pk = request.GET.get("round")
    if not pk:
        return None
    test_round = selectors.round_of(request.user, pk)
    if not test_round.hotlines.filter(pk=hotline.pk).exists():
        raise Http404
    return test_round


def _hours_hint(hotline: Hotline, moment) -> dict:
    """Whether the line is staffed at the chosen time (the text of the form's live hint)."""
    if isinstance(moment, str):
        try:
            moment = forms.DateTimeField().clean(moment)
        except ValidationError:
            moment = None
    if moment is None:
        return {"hint_moment": None, "hint_open": None}
    return {"hint_moment": moment, "hint_open": hotline.open_at(moment)}
