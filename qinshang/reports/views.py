"""The summary report page: choose the division and the cut-off, preview the sentences and the
table, download the docx or the xlsx."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qinshang.access import get_for_user, staff_required
from qinshang.campaigns.models import Campaign
from qinshang.core.forms import form_status
from qinshang.reports.files import report_response
from qinshang.reports.forms import SummaryForm
from qinshang.reports.summary import build_summary


@staff_required
def campaign_summary(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_for_user(request.user, Campaign, pk,
                            queryset=Campaign.objects.select_related("scope"))
    form = SummaryForm(request.GET or None, user=request.user, campaign=campaign,
                       today=timezone.localdate())
    query = form.query()
    if query.region is None:
        raise Http404
    report = build_summary(campaign, query.region, query.cutoff)
    if form.download_format:
        return report_response(report, form.download_format)
    return render(request, "reports/campaign_summary.html",
                  {"campaign": campaign, "form": form, "report": report},
                  status=form_status(form))
