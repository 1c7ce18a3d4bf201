"""Staff pages of the policy library and its pushes (issue #6 points 3 and 4).

The pages are the offices' own work (department liaisons and portal users find nothing here). A
policy is read by its office's jurisdiction and by the offices below it, and changed by those
who write at its office's division; any officer who reads it may push it to the enterprises of
their own office's division."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qinshang.access import can_write, office_staff_required, principal_of, require_writer
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.policies import exports, selectors, services
from qinshang.policies.forms import PolicyFilterForm, PolicyForm, PushForm, WithdrawForm

STALE_EDIT = gettext_lazy("Someone else changed this policy after you opened the form. Nothing "
                          "was saved and your input is still in the form: check the policy's "
                          "page for their change, then save again.")


def _refused(refused: TransitionRefused) -> PermissionDenied:
    return PermissionDenied(" ".join(refused.messages))


@office_staff_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    filters = PolicyFilterForm(request.GET or None, user=request.user)
    page = selectors.policy_page(request.user, filters.criteria(), request.GET.get("page"))
    return render(request, "policies/list.html", {
        "filters": filters, "page": page, "query": query_without_page(request),
        "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def policy_export(request: HttpRequest) -> HttpResponse:
    filters = PolicyFilterForm(request.GET or None, user=request.user)
    return exports.policies_workbook_response(
        selectors.policy_list(request.user, filters.criteria()))


@office_staff_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    office = services.pushing_office(request.user)
    form = PolicyForm(request.POST or None, request.FILES or None, user=request.user,
                      office=office)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(
                actor=request.user, office=office, data=form.policy_data(),
                targeting=form.targeting(), files=form.cleaned_data["files"])
        except TransitionRefused as refused:
            raise _refused(refused) from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("policies:detail", pk=policy.pk)
    return render(request, "policies/form.html", {"form": form, "office": office},
                  status=form_status(form))


@office_staff_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = selectors.policy_detail(request.user, pk, write=True)
    form = PolicyForm(request.POST or None, request.FILES or None, user=request.user,
                      office=policy.office, policy=policy)
    status = form_status(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(
                actor=request.user, policy=policy, data=form.policy_data(),
                targeting=form.targeting(), files=form.cleaned_data["files"],
                remove_attachments=form.removed(),
                expected_version=form.cleaned_data["version"])
        except services.StaleEdit:
            form.add_error(None, STALE_EDIT)
            status = 409
        except TransitionRefused as refused:
            raise _refused(refused) from None
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Policy saved."))
            return redirect("policies:detail", pk=pk)
    return render(request, "policies/form.html", {"form": form, "policy": policy,
                                                  "office": policy.office}, status=status)


@office_staff_required
@require_GET
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = selectors.policy_detail(request.user, pk)
    return render(request, "policies/detail.html", {
        "policy": policy, "pushes": selectors.policy_pushes(request.user, policy),
        "may_edit": can_write(request.user, policy),
        "may_push": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def policy_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    policy = selectors.policy_detail(request.user, pk)
    return selectors.attachment_response(policy, attachment_pk)


@office_staff_required
@require_http_methods(["GET", "POST"])
def policy_push(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the preview (how many enterprises match, and which); POST: the push, refused if
    the number shown is no longer the number matched."""
    policy = selectors.policy_detail(request.user, pk)
    require_writer(request.user)
    office = services.pushing_office(request.user)
    if office is None:
        raise Http404
    asked = {key for key in request.GET if key != "page"}
    data = request.POST if request.method == "POST" else (request.GET if asked else None)
    form = PushForm(data, user=request.user, office=office, policy=policy)
    criteria = form.criteria()
    if request.method == "POST" and criteria is not None:
        try:
            push = services.policy_push(actor=request.user, policy=policy, criteria=criteria,
                                        note=form.cleaned_data["note"], office=office,
                                        expected_count=form.cleaned_data["expected"])
        except TransitionRefused as refused:
            raise _refused(refused) from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Policy pushed to %(count)s enterprises.")
                             % {"count": push.deliveries.count()})
            return redirect("policies:push_detail", pk=push.pk)
    matches = services.push_matches(request.user, office, criteria) if criteria else None
    page = selectors.matches_page(matches, request.GET.get("page")) if matches else None
    return render(request, "policies/push.html", {
        "policy": policy, "office": office, "form": form, "page": page,
        "query": query_without_page(request)}, status=form_status(form))


@office_staff_required
@require_GET
def push_detail(request: HttpRequest, pk: int) -> HttpResponse:
    push = selectors.push_detail(request.user, pk)
    (row,) = selectors.push_rows(request.user, type(push).objects.filter(pk=push.pk))
    return render(request, "policies/push_detail.html", {
        "push": push, "row": row, "withdraw_form": WithdrawForm(),
        "page": selectors.push_deliveries(request.user, push, request.GET.get("page")),
        "may_withdraw": push.withdrawn_at is None and can_write(request.user, push)})


@office_staff_required
@require_POST
def push_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    push = selectors.push_detail(request.user, pk, write=True)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.push_withdraw(actor=request.user, push=push,
                                   reason=form.cleaned_data["reason"])
        except TransitionRefused as refused:
            raise _refused(refused) from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The push was withdrawn."))
            return redirect("policies:push_detail", pk=pk)
    (row,) = selectors.push_rows(request.user, type(push).objects.filter(pk=push.pk))
    return render(request, "policies/push_detail.html", {
        "push": push, "row": row, "withdraw_form": form, "may_withdraw": True,
        "page": selectors.push_deliveries(request.user, push, None)}, status=400)
