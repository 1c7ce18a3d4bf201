"""Staff pages of campaigns: the list, the campaign, targets, teams, visits and symposiums.

Reading a campaign needs an office (department liaisons and portal users find nothing here);
changing the campaign itself needs write reach over its whole scope, while visits and symposiums
are recorded by whoever may write where they happen (a county officer, for a city campaign, in
their own county)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qinshang.access import (
    can_write,
    get_for_user,
    office_staff_required,
    principal_of,
    require_writer,
)
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns import exports, selectors, services
from qinshang.campaigns.forms import (
    CampaignForm,
    ChooseEnterpriseForm,
    SymposiumForm,
    TargetCriteriaForm,
    TargetFilterForm,
    TeamForm,
    VersionForm,
    VisitFilterForm,
    VisitSheet,
    phase_formset,
)
from qinshang.campaigns.models import Campaign
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.enterprises.models import Enterprise

STALE = gettext_lazy("Someone else changed this campaign after you opened the page. Nothing "
                     "was saved: the page now shows the current state.")
STALE_EDIT = gettext_lazy("Someone else changed this campaign after you opened the form. Nothing "
                          "was saved and your input is still in the form: check the campaign's "
                          "page for their change, then save again.")
TARGETS_CHANGED = gettext_lazy("The matching enterprises changed since the page was shown. "
                               "Nothing was saved: check the number and confirm again.")


def _status(*parts) -> int:
    return max((form_status(part) for part in parts), default=200)


# --- the list and the campaign -----------------------------------------------------------------

@office_staff_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = selectors.campaign_page(request.user, request.GET.get("page"))
    return render(request, "campaigns/list.html", {
        "page": page, "may_create": bool(principal_of(request.user).write_ranges)})


@office_staff_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.campaign_detail(request.user, pk))


def _detail_page(request: HttpRequest, campaign: Campaign, *, error: str = "",
                 status: int = 200) -> HttpResponse:
    overview = selectors.campaign_overview(request.user, campaign,
                                           may_change=can_write(request.user, campaign))
    return render(request, "campaigns/detail.html",
                  {"campaign": campaign, "overview": overview, "error": error}, status=status)


@office_staff_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = CampaignForm(request.POST or None, user=request.user)
    phases = phase_formset(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), phases.is_valid()]):
        try:
            campaign = services.campaign_create(
                actor=request.user, data=form.cleaned_data, scope=form.cleaned_data["scope"],
                offices=list(form.cleaned_data["offices"]), phases=phases.phases())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign saved. Next: choose its target enterprises."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "phases": phases},
                  status=_status(form, phases))


@office_staff_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_detail(request.user, pk, write=True)
    title = campaign.name
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    phases = phase_formset(request.POST or None, campaign=campaign)
    if request.method == "POST" and all([form.is_valid(), phases.is_valid()]):
        try:
            services.campaign_update(
                actor=request.user, campaign=campaign, data=form.cleaned_data,
                offices=list(form.cleaned_data["offices"]), phases=phases.phases(),
                expected_version=form.cleaned_data["version"])
        except services.StaleEdit:
            return _stale_edit(request, pk, phases)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:detail", pk=pk)
    return render(request, "campaigns/form.html",
                  {"form": form, "phases": phases, "campaign": campaign, "title": title},
                  status=_status(form, phases))


def _stale_edit(request: HttpRequest, pk: int, phases) -> HttpResponse:
    """The user's input stays in the form, now carrying the current version, so that saving
    it again is a deliberate second step."""
    current = selectors.campaign_detail(request.user, pk, write=True)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = CampaignForm(data, instance=current, user=request.user)
    form.is_valid()
    form.add_error(None, STALE_EDIT)
    return render(request, "campaigns/form.html", {"form": form, "phases": phases,
                                                   "campaign": current, "title": current.name},
                  status=409)


@office_staff_required
@require_POST
def campaign_launch(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.campaign_launch,
                       _("Campaign launched. Its target list is now frozen."))


@office_staff_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.campaign_close, _("Campaign closed."))


def _transition(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk, write=True)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, selectors.campaign_detail(request.user, pk),
                            error=str(STALE), status=400)
    try:
        service(actor=request.user, campaign=campaign,
                expected_version=form.cleaned_data["version"])
    except services.StaleEdit:
        return _detail_page(request, selectors.campaign_detail(request.user, pk),
                            error=str(STALE), status=409)
    except TransitionRefused as refused:
        return _detail_page(request, selectors.campaign_detail(request.user, pk),
                            error=" ".join(refused.messages), status=403)
    messages.success(request, done)
    return redirect("campaigns:detail", pk=pk)


# --- targets -----------------------------------------------------------------------------------

@office_staff_required
@require_http_methods(["GET", "POST"])
def campaign_targets(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk)
    if request.method == "POST":
        return _set_targets(request, pk)
    if campaign.is_draft:
        return _draft_targets(request, campaign)
    filters = TargetFilterForm(request.GET or None, user=request.user, campaign=campaign)
    targets = selectors.campaign_targets(request.user, campaign, filters.criteria())
    return render(request, "campaigns/targets.html", {
        "campaign": campaign, "filters": filters, "query": query_without_page(request),
        "page": selectors.page_of(targets, request.GET.get("page")),
        "criteria": selectors.criteria_lines(campaign.target_criteria)})


def _draft_targets(request: HttpRequest, campaign: Campaign, *, error: str = "",
                   status: int = 200) -> HttpResponse:
    data = request.POST or request.GET or TargetCriteriaForm.data_from(campaign.target_criteria)
    filters = TargetCriteriaForm(data or None, user=request.user, campaign=campaign)
    candidates = selectors.target_candidates(request.user, campaign, filters.criteria())
    page = selectors.page_of(candidates, request.GET.get("page"))
    return render(request, "campaigns/targets_draft.html", {
        "campaign": campaign, "filters": filters, "page": page, "error": error,
        "query": query_without_page(request), "chosen": campaign.targets.count(),
        "may_change": can_write(request.user, campaign)}, status=status)


def _set_targets(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk, write=True)
    filters = TargetCriteriaForm(request.POST, user=request.user, campaign=campaign)
    # A launched campaign's list is frozen: the service refuses whatever is sent.
    enterprises = (list(selectors.chosen_enterprises(request.user, campaign, filters.criteria()))
                   if campaign.is_draft else [])
    if campaign.is_draft and request.POST.get("count") != str(len(enterprises)):
        return _draft_targets(request, campaign, error=str(TARGETS_CHANGED), status=409)
    try:
        count = services.campaign_set_targets(actor=request.user, campaign=campaign,
                                              enterprises=enterprises, criteria=filters.stored())
    except TransitionRefused as refused:
        return _detail_page(request, selectors.campaign_detail(request.user, pk),
                            error=" ".join(refused.messages), status=403)
    except ValidationError as error:
        return _draft_targets(request, campaign, error=" ".join(error.messages), status=400)
    messages.success(request, ngettext("%(count)d enterprise is now the campaign's target.",
                                       "%(count)d enterprises are now the campaign's targets.",
                                       count) % {"count": count})
    return redirect("campaigns:targets", pk=pk)


@office_staff_required
@require_GET
def targets_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk)
    filters = TargetFilterForm(request.GET or None, user=request.user, campaign=campaign)
    return exports.targets_workbook_response(
        campaign, selectors.campaign_targets(request.user, campaign, filters.criteria()))


# --- teams -------------------------------------------------------------------------------------

@office_staff_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk, write=True)
    form = TeamForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_create(actor=request.user, campaign=campaign, name=data["name"],
                                 office=data["office"], area=data["area"],
                                 members=list(data["members"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Visiting team saved."))
            return redirect("campaigns:detail", pk=pk)
    return render(request, "campaigns/team_form.html", {"form": form, "campaign": campaign},
                  status=form_status(form))


# --- visits ------------------------------------------------------------------------------------

@office_staff_required
@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk)
    require_writer(request.user)
    chosen = request.POST.get("enterprise") or request.GET.get("enterprise")
    if not chosen:
        return _choose_enterprise(request, campaign)
    enterprise = get_for_user(request.user, Enterprise, chosen, write=True)
    sheet = VisitSheet(request.POST or None, user=request.user, campaign=campaign,
                       enterprise=enterprise)
    if request.method == "POST" and sheet.is_valid():
        try:
            visit = _record_visit(request, campaign, enterprise, sheet)
        except ValidationError as error:
            sheet.add_service_errors(error)
        else:
            return redirect("campaigns:visit_detail", pk=visit.pk)
    return render(request, "campaigns/visit_form.html",
                  {"campaign": campaign, "enterprise": enterprise, "sheet": sheet},
                  status=sheet.status)


def _record_visit(request: HttpRequest, campaign: Campaign, enterprise: Enterprise,
                  sheet: VisitSheet):
    data = sheet.form.cleaned_data
    visit = services.visit_record(
        actor=request.user, enterprise=enterprise, campaign=campaign, team=data["team"],
        data=sheet.form.visit_data(), staff=list(data["staff"]), persons=list(data["persons"]),
        answers=sheet.answers_data(), problems=sheet.problems.problems())
    appeals = [raised.appeal for raised in visit.raised_appeals.select_related("appeal")]
    if appeals:
        links = format_html_join("、", '<a href="{}">{} {}</a>', (
            (reverse("appeals:detail", args=[appeal.pk]), appeal.reference, appeal.title)
            for appeal in appeals))
        messages.success(request, format_html("{} {}", _("Visit recorded. Appeals registered:"),
                                              links))
    else:
        messages.success(request, _("Visit recorded."))
    return visit


def _choose_enterprise(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    form = ChooseEnterpriseForm(user=request.user, campaign=campaign)
    return render(request, "campaigns/visit_choose.html", {
        "campaign": campaign, "form": form,
        "candidates": selectors.visit_candidates(request.user, campaign)})


@office_staff_required
@require_GET
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_detail(request.user, pk)
    return render(request, "campaigns/visit_detail.html",
                  {"visit": visit, "answers": selectors.visit_answers(visit)})


@office_staff_required
@require_GET
def campaign_visits(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk)
    filters = VisitFilterForm(request.GET or None, user=request.user, campaign=campaign)
    visits = selectors.campaign_visits(request.user, campaign, filters.criteria())
    return render(request, "campaigns/visits.html", {
        "campaign": campaign, "filters": filters, "query": query_without_page(request),
        "page": selectors.page_of(visits, request.GET.get("page")),
        "may_record": selectors.may_record_in(request.user, campaign)})


@office_staff_required
@require_GET
def visits_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk)
    filters = VisitFilterForm(request.GET or None, user=request.user, campaign=campaign)
    return exports.visits_workbook_response(
        campaign, selectors.campaign_visits(request.user, campaign, filters.criteria()))


# --- symposiums --------------------------------------------------------------------------------

@office_staff_required
@require_http_methods(["GET", "POST"])
def symposium_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_of(request.user, pk)
    require_writer(request.user)
    form = SymposiumForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.symposium_record(actor=request.user, campaign=campaign,
                                      data=form.symposium_data(), region=data["region"],
                                      team=data["team"], enterprises=list(data["enterprises"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Symposium recorded."))
            return redirect("campaigns:detail", pk=pk)
    return render(request, "campaigns/symposium_form.html",
                  {"form": form, "campaign": campaign}, status=form_status(form))
