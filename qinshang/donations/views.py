"""Staff pages of the donations (捐款捐物): the list with its filters, totals and export, a new
donation with its items, one donation, and its correction.

The pages are the offices' own work (department liaisons and portal users find nothing here).
A donation is read by whoever's jurisdiction holds it and changed by those who write there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from qinshang.access import can_write, office_staff_required, principal_of, require_writer
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import query_without_page
from qinshang.donations import exports, selectors, services
from qinshang.donations.forms import DonationFilterForm, DonationSheet

STALE_EDIT = gettext_lazy("Someone else changed this donation after you opened the form. "
                          "Nothing was saved and your input is still in the form: check the "
                          "donation's page for their change, then save again.")


@office_staff_required
@require_GET
def donation_list(request: HttpRequest) -> HttpResponse:
    filters = DonationFilterForm(request.GET or None, user=request.user)
    donations = selectors.donation_list(request.user, filters.criteria())
    return render(request, "donations/list.html", {
        "filters": filters, "page": selectors.donation_page(donations, request.GET.get("page")),
        "totals": selectors.totals_of(donations), "query": query_without_page(request),
        "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def donation_export(request: HttpRequest) -> HttpResponse:
    filters = DonationFilterForm(request.GET or None, user=request.user)
    return exports.donations_workbook_response(
        selectors.donation_list(request.user, filters.criteria()))


@office_staff_required
@require_http_methods(["GET", "POST"])
def donation_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    sheet = DonationSheet(request.POST or None, user=request.user)
    if request.method == "POST" and sheet.is_valid():
        try:
            donation = services.donation_record(actor=request.user,
                                                data=sheet.form.donation_data(),
                                                items=sheet.lines())
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            messages.success(request, _("Donation of %(donor)s saved.")
                             % {"donor": donation.donor_name})
            return redirect("donations:detail", pk=donation.pk)
    return render(request, "donations/form.html", {"sheet": sheet}, status=sheet.status)


@office_staff_required
@require_http_methods(["GET", "POST"])
def donation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_detail(request.user, pk, write=True)
    sheet = DonationSheet(request.POST or None, user=request.user, donation=donation)
    stale = False
    if request.method == "POST" and sheet.is_valid():
        try:
            services.donation_update(actor=request.user, donation=donation,
                                     data=sheet.form.donation_data(), items=sheet.lines(),
                                     version=sheet.form.cleaned_data["version"])
        except services.StaleEdit:
            sheet, stale = _stale_edit(request, pk), True
            donation = sheet.donation
        except TransitionRefused as refused:
            raise PermissionDenied(" ".join(refused.messages)) from None
        except ValidationError as error:
            sheet.add_service_errors(error)
            donation = selectors.donation_detail(request.user, pk)  # as stored, not as tried
        else:
            messages.success(request, _("Donation saved."))
            return redirect("donations:detail", pk=pk)
    return render(request, "donations/form.html", {"sheet": sheet, "donation": donation},
                  status=409 if stale else sheet.status)


def _stale_edit(request: HttpRequest, pk: int) -> DonationSheet:
    """The user's input stays in the form, now carrying the current version, so that saving it
    again is a deliberate second step."""
    current = selectors.donation_detail(request.user, pk, write=True)
    data = request.POST.copy()
    data["version"] = str(current.version)
    sheet = DonationSheet(data, user=request.user, donation=current)
    sheet.is_valid()
    sheet.form.add_error(None, STALE_EDIT)
    sheet.donation = current
    return sheet


@office_staff_required
@require_GET
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donation = selectors.donation_detail(request.user, pk)
    return render(request, "donations/detail.html", {
        "donation": donation, "items": list(donation.items.all()),
        "may_write": can_write(request.user, donation)})
