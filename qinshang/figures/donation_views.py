"""Donation totals (issue #6 point 7): money, items' value and total for a division, a period
and a kind of donor, by child division, kind of donor, month and donor; and the same as xlsx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qinshang.access import office_staff_required
from qinshang.figures import donation_exports
from qinshang.figures.donation_forms import DonationTotalsForm
from qinshang.figures.donations import DonationTotals, donation_totals


def _totals(request: HttpRequest) -> tuple[DonationTotalsForm, DonationTotals]:
    form = DonationTotalsForm(request.GET or None, user=request.user)
    query = form.query()
    return form, donation_totals(request.user, region=query.region, date_from=query.date_from,
                                 date_to=query.date_to, donor_kind=query.donor_kind)


@office_staff_required
@require_GET
def donation_totals_page(request: HttpRequest) -> HttpResponse:
    form, totals = _totals(request)
    for row in totals.divisions:  # drill down only into divisions the user may open
        if row.region is not None and row.region.code not in form.regions:
            row.region = None
    keep = request.GET.copy()
    keep.pop("region", None)
    return render(request, "figures/donation_totals.html", {
        "form": form, "totals": totals, "crumbs": form.crumbs(totals.region),
        "keep": keep.urlencode(), "export_query": request.GET.urlencode()})


@office_staff_required
@require_GET
def donation_totals_export(request: HttpRequest) -> HttpResponse:
    _form, totals = _totals(request)
    return donation_exports.totals_workbook_response(totals)
