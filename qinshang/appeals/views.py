"""The staff pages of appeals: the inbox, intake, the appeal page and its actions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qinshang.access import get_for_user, principal_of, staff_required
from qinshang.appeals import exports, selectors, services
from qinshang.appeals.forms import (
    ACTION_FORMS,
    ActionForm,
    AppealEditForm,
    AppealFilterForm,
    AppealRegisterForm,
)
from qinshang.appeals.models import UNANSWERED_STATES, Appeal, State
from qinshang.appeals.uploads import attachment_response
from qinshang.appeals.workflow import (
    ACTION_LABELS,
    Action,
    Standing,
    TransitionRefused,
    check,
)
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.enterprises.models import Enterprise, Person

STALE_ACTION = gettext_lazy("Someone else changed this appeal after you opened it. Nothing was "
                            "saved: the page now shows the current state.")
STALE_EDIT = gettext_lazy("Someone else changed this appeal after you opened the form. Nothing "
                          "was saved: your text is still in the form, and what was saved "
                          "meanwhile is shown beside it. Save again to replace it.")
NOTHING_SAVED = gettext_lazy("Nothing was saved.")

Perform = Callable[[Any, Appeal, dict, int], object]

# action slug → the service call with the form's cleaned data and the version the page showed
PERFORM: dict[str, Perform] = {
    "contact": lambda actor, appeal, d, v: services.appeal_contact(
        actor=actor, appeal=appeal, note=d["note"], expected_version=v),
    "reject": lambda actor, appeal, d, v: services.appeal_reject(
        actor=actor, appeal=appeal, reason=d["reason"], expected_version=v),
    "assess": lambda actor, appeal, d, v: services.appeal_assess(
        actor=actor, appeal=appeal, category=d["category"], priority=d["priority"],
        plan=d["plan"], answer_days=d["answer_days"], expected_version=v),
    "assign": lambda actor, appeal, d, v: services.appeal_assign(
        actor=actor, appeal=appeal, lead=d["lead"], co_handlers=d["co_handlers"],
        expected_version=v),
    "accept": lambda actor, appeal, d, v: services.appeal_accept(
        actor=actor, appeal=appeal, expected_version=v),
    "note": lambda actor, appeal, d, v: services.appeal_note(
        actor=actor, appeal=appeal, text=d["text"], expected_version=v),
    "answer": lambda actor, appeal, d, v: services.appeal_answer(
        actor=actor, appeal=appeal, outcome=d["outcome"], reply=d["reply"],
        expected_version=v),
    "request_extension": lambda actor, appeal, d, v: services.appeal_request_extension(
        actor=actor, appeal=appeal, days=d["days"], reason=d["reason"], expected_version=v),
    "decide_extension": lambda actor, appeal, d, v: services.appeal_decide_extension(
        actor=actor, appeal=appeal, grant=d["grant"] == "yes", note=d["note"],
        expected_version=v),
    "return": lambda actor, appeal, d, v: services.appeal_return(
        actor=actor, appeal=appeal, reason=d["reason"], expected_version=v),
    "rate": lambda actor, appeal, d, v: services.appeal_rate(
        actor=actor, appeal=appeal, rating=d["rating"], comment=d["comment"],
        expected_version=v),
    "reopen": lambda actor, appeal, d, v: services.appeal_reopen(
        actor=actor, appeal=appeal, reason=d["reason"], expected_version=v),
    "close": lambda actor, appeal, d, v: services.appeal_close(
        actor=actor, appeal=appeal, expected_version=v),
    "supervise": lambda actor, appeal, d, v: services.appeal_supervise(
        actor=actor, appeal=appeal, reason=d["reason"], expected_version=v),
    "merge": lambda actor, appeal, d, v: services.appeal_merge(
        actor=actor, duplicate=appeal, original=d["original"], expected_version=v),
}

# The order in which the appeal page offers actions, and the one(s) each state waits for.
ACTION_ORDER = ("contact", "assess", "reject", "assign", "accept", "answer", "note",
                "request_extension", "return", "decide_extension", "rate", "reopen", "close",
                "supervise", "merge")
NEXT_STEPS = {
    State.REGISTERED: {"assess"},
    State.ASSESSED: {"assign"},
    State.ASSIGNED: {"accept", "decide_extension"},
    State.IN_PROGRESS: {"answer", "decide_extension"},
    State.ANSWERED: {"rate"},
    State.RATED: {"close", "reopen"},
}
NEXT_STEP_TEXT = {
    State.REGISTERED: gettext_lazy("Next: contact the appellant, then assess the appeal "
                                   "(category, priority, plan), or decline to accept it."),
    State.ASSESSED: gettext_lazy("Next: assign it to a lead department."),
    State.ASSIGNED: gettext_lazy("Next: the lead department accepts the assignment, or returns "
                                 "it with a reason within the time limit."),
    State.IN_PROGRESS: gettext_lazy("Next: the lead department answers with an outcome and a "
                                    "reply to the appellant."),
    State.ANSWERED: gettext_lazy("Next: the appellant rates the outcome, in the portal or by "
                                 "phone with an officer."),
    State.RATED: gettext_lazy("Next: close the appeal, or have it handled again if the "
                              "appellant is not satisfied."),
}


# --- the inbox ----------------------------------------------------------------------------------

@staff_required
@require_GET
def appeal_list(request: HttpRequest) -> HttpResponse:
    filters = AppealFilterForm(request.GET or None, user=request.user)
    page = selectors.appeal_page(request.user, filters.criteria(), request.GET.get("page"))
    template = ("appeals/partials/results.html" if request.headers.get("HX-Request")
                else "appeals/list.html")
    department_only = not principal_of(request.user).read_ranges
    now = timezone.now()
    return render(request, template, {
        "filters": filters, "page": page,
        "rows": [(appeal, _lateness(appeal, now)) for appeal in page.object_list],
        "query": query_without_page(request), "department_only": department_only,
        "departments": selectors.departments_in_reach(request.user) if department_only else (),
        "shortcuts": _shortcuts(department_only)})


def _lateness(appeal: Appeal, now: datetime.datetime) -> str:
    """Which limit an overdue appeal missed: the answer, else the first contact ('' if none)."""
    if not appeal.is_overdue(now):
        return ""
    return "answer" if appeal.answer_due and appeal.answer_due < now else "contact"


def _shortcuts(department_only: bool) -> list[tuple[str, str]]:
    """Saved views of the inbox: the filters an official uses every day."""
    in_progress = pgettext("appeal state", "In progress")
    if department_only:
        return [(_("To accept"), "state=assigned"), (in_progress, "state=in_progress"),
                (_("Overdue"), "overdue=on"), (_("Supervised"), "supervised=on")]
    return [(_("New"), "state=registered"), (_("To assign"), "state=assessed"),
            (_("Awaiting acceptance"), "state=assigned"), (in_progress, "state=in_progress"),
            (_("Awaiting rating"), "state=answered"), (_("To close"), "state=rated"),
            (_("Overdue"), "overdue=on"), (_("Supervised"), "supervised=on")]


@staff_required
@require_GET
def appeal_export(request: HttpRequest) -> HttpResponse:
    filters = AppealFilterForm(request.GET or None, user=request.user)
    return exports.appeal_workbook_response(
        selectors.appeal_list(request.user, filters.criteria()))


# --- intake -------------------------------------------------------------------------------------

@staff_required
@require_http_methods(["GET", "POST"])
def appeal_register(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, enterprise_pk, write=True)
    return _register(request, enterprise=enterprise)


@staff_required
@require_http_methods(["GET", "POST"])
def appeal_register_person(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_for_user(request.user, Person, person_pk, write=True)
    return _register(request, person=person, initial={"contact_phone": person.phone})


def _register(request: HttpRequest, *, enterprise: Enterprise | None = None,
              person: Person | None = None, initial: dict | None = None) -> HttpResponse:
    form = AppealRegisterForm(request.POST or None, request.FILES or None,
                              initial={"priority": "normal", **(initial or {})})
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_register(actor=request.user, data=form.cleaned_data,
                                              enterprise=enterprise, person=person,
                                              files=form.cleaned_data["files"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Appeal %(reference)s registered.")
                             % {"reference": appeal.reference})
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/register.html",
                  {"form": form, "enterprise": enterprise, "person": person},
                  status=form_status(form))


# --- the appeal page ----------------------------------------------------------------------------

@staff_required
@require_GET
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.appeal_detail(request.user, pk))


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime.datetime
    done_at: datetime.datetime | None
    overdue: bool
    passed: bool


@dataclass(frozen=True)
class OfferedAction:
    slug: str
    label: str
    form: ActionForm
    next_step: bool
    failed: bool


def _deadlines(appeal: Appeal, now: datetime.datetime) -> list[Deadline]:
    running = appeal.state in UNANSWERED_STATES
    rows = [Deadline(_("Contact the appellant by"), appeal.contact_due, appeal.first_contact_at,
                     running and appeal.first_contact_at is None and appeal.contact_due < now,
                     appeal.contact_due < now)]
    if appeal.answer_due:
        rows.append(Deadline(_("Answer by"), appeal.answer_due, appeal.answered_at,
                             running and appeal.answer_due < now, appeal.answer_due < now))
    if appeal.return_due and appeal.state in (State.ASSIGNED, State.IN_PROGRESS):
        rows.append(Deadline(_("A wrong assignment can be returned until"), appeal.return_due,
                             None, False, appeal.return_due < now))
    return rows


def _offered(request: HttpRequest, view: selectors.AppealView, now: datetime.datetime,
             failed: ActionForm | None) -> list[OfferedAction]:
    """The actions this viewer may take now, minus those the service would refuse on details
    the page already knows (a first contact already recorded, no extension to decide)."""
    offered = []
    for slug in ACTION_ORDER:
        is_failed = failed is not None and failed.slug == slug
        if not (view.worth_offering(slug, now) or (is_failed and view.may(slug))):
            continue
        form = failed if is_failed else ACTION_FORMS[slug](appeal=view.appeal, user=request.user)
        next_step = slug in NEXT_STEPS.get(view.appeal.state, ()) and (
            slug != "answer" or Standing.LEAD in view.standings)
        offered.append(OfferedAction(slug, capfirst(str(ACTION_LABELS[Action(slug)])), form,
                                     next_step, is_failed))
    return sorted(offered, key=lambda action: not action.next_step)


def _detail_page(request: HttpRequest, appeal: Appeal, *, status: int = 200,
                 error: str = "", failed: ActionForm | None = None) -> HttpResponse:
    now = timezone.now()
    view = selectors.appeal_view(request.user, appeal)
    duplicates = selectors.likely_duplicates(request.user, appeal)
    return render(request, "appeals/detail.html", {
        "appeal": appeal, "view": view, "now": now, "error": error,
        "overdue": appeal.is_overdue(now), "deadlines": _deadlines(appeal, now),
        "actions": _offered(request, view, now, failed),
        "may_edit": view.may("edit"), "may_merge": view.may("merge"),
        "next_step": NEXT_STEP_TEXT.get(appeal.state, ""),
        "duplicates": [(other, round(score * 100)) for other, score in duplicates],
        "timeline": selectors.appeal_timeline(appeal),
    }, status=status)


def _refusal(user, appeal: Appeal, action: str) -> str:
    """Why the workflow table refuses this action to this user now ('' when it allows it)."""
    view = selectors.appeal_view(user, appeal)
    if view.may(action):
        return ""
    try:
        check(Action(action), appeal, view.standings)
    except TransitionRefused as refused:
        return " ".join(refused.messages)
    return ""


@staff_required
@require_POST
def appeal_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    appeal = selectors.appeal_detail(request.user, pk)
    posted = request.POST.get("version", "")
    if posted.isdigit() and int(posted) != appeal.version:
        return _stale(request, appeal, form_class)
    refusal = _refusal(request.user, appeal, action)
    if refusal:
        return _detail_page(request, appeal, error=refusal, status=403)
    form = form_class(request.POST, appeal=appeal, user=request.user)
    if form.is_valid():
        try:
            PERFORM[action](request.user, appeal, form.cleaned_data,
                            form.cleaned_data["version"])
        except services.StaleEdit:
            return _stale(request, appeal, form_class)
        except TransitionRefused as refused:
            return _detail_page(request, appeal, error=" ".join(refused.messages), status=403)
        except ValidationError as invalid:
            add_service_errors(form, invalid)
        else:
            return _done(request, appeal, action, form)
    return _detail_page(request, appeal, error=_summary(form), failed=form, status=400)


def _stale(request: HttpRequest, appeal: Appeal, form_class: type[ActionForm]) -> HttpResponse:
    """The page shows the current state; what the user typed stays in the form, now carrying
    the current version so that saving it again is a deliberate second step."""
    data = request.POST.copy()
    data["version"] = str(appeal.version)
    form = form_class(data, appeal=appeal, user=request.user)
    form.is_valid()
    return _detail_page(request, appeal, error=str(STALE_ACTION), failed=form, status=409)


def _summary(form: ActionForm) -> str:
    lines = [str(NOTHING_SAVED)]
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        prefix = f"{field.label}: " if field is not None and name != "__all__" else ""
        lines.extend(f"{prefix}{message}" for message in errors)
    return " ".join(lines)


def _done(request: HttpRequest, appeal: Appeal, action: str, form: ActionForm) -> HttpResponse:
    label = ACTION_LABELS[Action(action)]
    if action == "merge":
        original = form.cleaned_data["original"]
        messages.success(request, _("%(duplicate)s was merged into this appeal.")
                         % {"duplicate": appeal.reference})
        return redirect("appeals:detail", pk=original.pk)
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect("appeals:detail", pk=appeal.pk)


# --- edit and files -----------------------------------------------------------------------------

@staff_required
@require_http_methods(["GET", "POST"])
def appeal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_detail(request.user, pk)
    refusal = _refusal(request.user, appeal, "edit")
    if refusal:
        raise PermissionDenied(refusal)
    form = AppealEditForm(request.POST or None, instance=appeal)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_update(actor=request.user, appeal=appeal, data=form.cleaned_data,
                                   expected_version=form.cleaned_data["version"])
        except services.StaleEdit:
            return _stale_edit(request, pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Appeal saved."))
            return redirect("appeals:detail", pk=pk)
    return render(request, "appeals/edit.html", {"form": form, "appeal": appeal},
                  status=form_status(form))


def _stale_edit(request: HttpRequest, pk: int) -> HttpResponse:
    current = selectors.appeal_detail(request.user, pk)
    fields = AppealEditForm._meta.fields
    stored = {name: getattr(current, name) for name in fields}
    shown = {name: _display(current, name) for name in fields}
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = AppealEditForm(data, instance=current)
    form.is_valid()
    form.add_error(None, STALE_EDIT)
    typed = getattr(form, "cleaned_data", {})
    meanwhile = [(form.fields[name].label, shown[name]) for name in fields
                 if name in typed and typed[name] != stored[name]]
    return render(request, "appeals/edit.html",
                  {"form": form, "appeal": current, "meanwhile": meanwhile}, status=409)


def _display(appeal: Appeal, name: str) -> str:
    if name == "category":
        return appeal.category.label
    display = getattr(appeal, f"get_{name}_display", None)
    return str(display()) if display else getattr(appeal, name)


@staff_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    return attachment_response(selectors.appeal_detail(request.user, pk), attachment_pk)
