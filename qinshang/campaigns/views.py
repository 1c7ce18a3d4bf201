"""Staff pages of campaigns: the list, the campaign, targets, teams, visits and symposiums."""

from django.http import HttpRequest, HttpResponse

from qinshang.access import staff_required


@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError  # written by the campaigns UI work in progress
