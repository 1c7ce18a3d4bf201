"""Staff pages of the liaison system (联系制度): plans, one at a time or from a rule, each plan with
its standing and history, recording contacts (with problems raised as appeals), and the contact
log. Office staff only: department liaisons and portal users find nothing here.

Reading follows the plan's office (the plan) or the counterpart's division (the contact); writing
plans needs write reach over the office; a contact is recorded by whoever may write where the
counterpart is, and by a leader for their own duties."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from qinshang.access import (
    can_write,
    office_staff_required,
    principal_of,
    require_writer,
    visible,
)
from qinshang.accounts.models import User
from qinshang.appeals.models import Appeal
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.enterprises.models import Enterprise
from qinshang.liaison import exports, selectors, services
from qinshang.liaison.forms import (
    ContactFilterForm,
    ContactForm,
    PlanContactForm,
    PlanEditForm,
    PlanFilterForm,
    PlanForm,
    PlanRuleForm,
    problem_formset,
)
from qinshang.liaison.models import Contact
from qinshang.offices.models import Department, Office

STALE_EDIT = gettext_lazy("Someone else changed this plan after you opened the form. Nothing was "
                          "saved and your input is still in the form: check the plan's page for "
                          "their change, then save again.")
RULE_CHANGED = gettext_lazy("The number of plans changed since the preview (the choices or the "
                            "offices' members changed). Nothing was saved: check the new count "
                            "and confirm again.")
MAY_NOT_RECORD = gettext_lazy("You may record contacts for your own duties, or where you may "
                              "write.")


def _counterpart_of(record) -> services.CounterpartChoice:
    return services.CounterpartChoice(enterprise=record.enterprise, person=record.person,
                                      department=record.department)


def _status(form, problems=None) -> int:
    failed = bool(form.errors) or bool(problems is not None and problems.total_error_count())
    return 400 if form.is_bound and failed else 200


def _service_errors(form, problems, error: ValidationError) -> None:
    """Problems' refusals above the problems, the rest beside their field."""
    if problems is not None and hasattr(error, "error_dict") and "problems" in error.error_dict:
        problems.non_form_errors().extend(error.message_dict["problems"])
        error = ValidationError({key: value for key, value in error.message_dict.items()
                                 if key != "problems"}) if len(error.error_dict) > 1 else None
    if error is not None:
        add_service_errors(form, error)


def _announce(request: HttpRequest, contact: Contact, done: str) -> None:
    appeals = list(contact.appeals.all())
    if appeals:
        links = format_html_join("、", '<a href="{}">{} {}</a>', (
            (reverse("appeals:detail", args=[appeal.pk]), appeal.reference, appeal.title)
            for appeal in appeals))
        messages.success(request, format_html("{} {} {}", done, _("Appeals registered:"), links))
    else:
        messages.success(request, done)


# --- plans --------------------------------------------------------------------------------------

@office_staff_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    filters = PlanFilterForm(request.GET or None, user=request.user)
    page = selectors.plan_page(request.user, filters.criteria(), timezone.localdate(),
                               request.GET.get("page"))
    return render(request, "liaison/plans.html", {
        "filters": filters, "page": page, "query": query_without_page(request),
        "may_create": can_create(request.user), "today": timezone.localdate()})


def can_create(user) -> bool:
    return bool(principal_of(user).write_ranges)


@office_staff_required
@require_GET
def plans_export(request: HttpRequest) -> HttpResponse:
    filters = PlanFilterForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    return exports.plans_workbook_response(
        selectors.plan_rows(request.user, filters.criteria(), today), today)


@office_staff_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = PlanForm(request.POST or None, user=request.user, today=timezone.localdate())
    form.initial_counterpart(_enterprise_from(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(actor=request.user, office=data["office"],
                                        staff=form.staff_user(), counterpart=form.counterpart,
                                        data=form.plan_data())
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionRefused as refused:
            form.add_error("office", refused.messages)
        else:
            messages.success(request, _("Liaison plan saved."))
            return redirect("liaison:plan_detail", pk=plan.pk)
    return render(request, "liaison/plan_form.html", {"form": form},
                  status=form_status(form))


def _enterprise_from(request: HttpRequest) -> Enterprise | None:
    """A page opened from an enterprise's file (``?enterprise=<pk>``) names it already."""
    value = request.GET.get("enterprise", "")
    if not value.isdigit():
        return None
    return visible(request.user, Enterprise).filter(pk=int(value)).first()


@dataclass(frozen=True)
class RuleLine:
    office: Office
    members: list[User]
    departments: list[Department]

    @property
    def plans(self) -> int:
        return len(self.members) * len(self.departments)


@dataclass(frozen=True)
class RulePreview:
    lines: list[RuleLine]

    @property
    def count(self) -> int:
        return sum(line.plans for line in self.lines)


def _rule_preview(form: PlanRuleForm) -> RulePreview:
    offices = list(form.cleaned_data["offices"])
    role = form.cleaned_data["role"]
    members = selectors.members_by_office(offices, role)
    lines = [RuleLine(office, members[office.pk], form.departments.get(office.pk, []))
             for office in offices]
    empty = [line.office.name for line in lines if not line.members]
    if empty:
        role_label = dict(form.fields["role"].choices)[role]
        form.add_error("offices", _("Nobody to give plans to: %(offices)s have no member for "
                                    "“%(role)s”.") % {"offices": "、".join(empty),
                                                      "role": role_label})
    return RulePreview(lines)


@office_staff_required
@require_http_methods(["GET", "POST"])
def plan_rule(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = PlanRuleForm(request.POST or None, user=request.user, today=timezone.localdate())
    preview, status = None, 200
    if request.method == "POST" and form.is_valid():
        preview = _rule_preview(form)
        confirm = request.POST.get("confirm")
        if not form.errors and confirm is not None:
            if confirm != str(preview.count):
                form.add_error(None, RULE_CHANGED)
                status = 409
            else:
                created = _create_by_rule(request, form)
                if created is not None:
                    messages.success(request, ngettext(
                        "%(count)d liaison plan created.", "%(count)d liaison plans created.",
                        created) % {"count": created})
                    return redirect("liaison:plans")
    return render(request, "liaison/plan_rule.html",
                  {"form": form,
                   "preview": preview if status == 409 or not form.errors else None},
                  status=max(status, form_status(form)))


def _create_by_rule(request: HttpRequest, form: PlanRuleForm) -> int | None:
    data = form.cleaned_data
    rule = services.PlanRule(offices=list(data["offices"]), role=data["role"],
                             counterparts=form.counterparts, data=form.plan_data())
    try:
        return len(services.plans_create_by_rule(actor=request.user, rule=rule))
    except ValidationError as error:
        add_service_errors(form, error)
    except TransitionRefused as refused:
        form.add_error("offices", refused.messages)
    return None


@office_staff_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(request.user, pk)
    today = timezone.localdate()
    return render(request, "liaison/plan_detail.html", {
        "plan": plan, "row": selectors.plan_standing(plan, today), "today": today,
        "history": selectors.plan_history(plan, today),
        "may_edit": can_write(request.user, plan),
        "may_record": services.may_record_contact(request.user, staff=plan.staff,
                                                  region_code=plan.counterpart_region_id)})


@office_staff_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(request.user, pk, write=True)
    form = PlanEditForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, data=form.plan_data(),
                                 expected_version=form.cleaned_data["version"])
        except services.StaleEdit:
            return _stale_edit(request, pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Liaison plan saved."))
            return redirect("liaison:plan_detail", pk=pk)
    return render(request, "liaison/plan_edit.html", {"form": form, "plan": plan},
                  status=form_status(form))


def _stale_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's input stays in the form, now carrying the current version, so that saving
    it again is a deliberate second step."""
    current = selectors.plan_detail(request.user, pk, write=True)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = PlanEditForm(data, plan=current)
    form.is_valid()
    form.add_error(None, STALE_EDIT)
    return render(request, "liaison/plan_edit.html", {"form": form, "plan": current},
                  status=409)


@office_staff_required
@require_http_methods(["GET", "POST"])
def plan_contact(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(request.user, pk)
    if not services.may_record_contact(request.user, staff=plan.staff,
                                       region_code=plan.counterpart_region_id):
        raise PermissionDenied(MAY_NOT_RECORD)
    form = PlanContactForm(request.POST or None, plan=plan, today=timezone.localdate())
    problems = problem_formset(request.POST or None) if plan.department_id is None else None
    if request.method == "POST" and all([form.is_valid(),
                                         problems is None or problems.is_valid()]):
        try:
            contact = services.contact_record(
                actor=request.user, staff=plan.staff, counterpart=_counterpart_of(plan),
                data=form.contact_data(), problems=problems.problems() if problems else [])
        except ValidationError as error:
            _service_errors(form, problems, error)
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        else:
            _announce(request, contact, _("Contact recorded."))
            if not selectors.plans_kept_by(contact).filter(pk=plan.pk).exists():
                messages.warning(request, _(
                    "This contact does not keep the plan: the plan asks for “%(method)s” "
                    "between %(start)s and %(end)s.") % {
                        "method": plan.get_method_display() if plan.method else _("any way"),
                        "start": plan.starts_on.isoformat(),
                        "end": plan.ends_on.isoformat() if plan.ends_on else _("its end")})
            return redirect("liaison:plan_detail", pk=pk)
    return render(request, "liaison/contact_form.html",
                  {"form": form, "problems": problems, "plan": plan},
                  status=_status(form, problems))


# --- contacts -----------------------------------------------------------------------------------

@office_staff_required
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    filters = ContactFilterForm(request.GET or None, user=request.user)
    return render(request, "liaison/contacts.html", {
        "filters": filters, "query": query_without_page(request),
        "page": selectors.contact_page(request.user, filters.criteria(), request.GET.get("page"))})


@office_staff_required
@require_GET
def contacts_export(request: HttpRequest) -> HttpResponse:
    filters = ContactFilterForm(request.GET or None, user=request.user)
    return exports.contacts_workbook_response(
        selectors.contact_list(request.user, filters.criteria()))


@office_staff_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, user=request.user, today=timezone.localdate())
    form.initial_counterpart(_enterprise_from(request))
    problems = problem_formset(request.POST or None)
    status = None
    if request.method == "POST" and all([form.is_valid(), problems.is_valid()]):
        try:
            contact = services.contact_record(
                actor=request.user, staff=form.staff_user(), counterpart=form.counterpart,
                data=form.contact_data(), problems=problems.problems())
        except ValidationError as error:
            _service_errors(form, problems, error)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages)
            status = 403
        else:
            _announce(request, contact, _("Contact recorded."))
            return redirect("liaison:contact_detail", pk=contact.pk)
    return render(request, "liaison/contact_form.html", {"form": form, "problems": problems},
                  status=status or _status(form, problems))


@office_staff_required
@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.contact_detail(request.user, pk)
    appeals: list[Appeal] = list(selectors.appeals_raised_visible(request.user, contact))
    return render(request, "liaison/contact_detail.html", {
        "contact": contact, "appeals": appeals,
        "plans": list(selectors.plans_kept_by_visible(request.user, contact))})

