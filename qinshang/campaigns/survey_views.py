"""Staff pages of a campaign's opinion survey: starting it, handing out copies (on paper or with
invitation links), chasing the copies not yet returned and typing in returned paper forms.

Invitation links are shown once. Only a link's SHA-256 is stored, so the page that issues links
is the only place they ever appear: it is the answer to the POST that issued them (never
cached), and its spreadsheet of the links is built in that same answer and embedded in the page
as a data: URL. The links are never kept on the server (not in the session either) and never
sent back to it, so there is no endpoint that takes a token from staff."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from qinshang.access import can_write, get_for_user, principal_of, require_writer, staff_required
from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns import services
from qinshang.campaigns import survey_selectors as selectors
from qinshang.campaigns.models import Campaign, CampaignState, Distribution, Survey
from qinshang.campaigns.survey_forms import (
    ChaseFilterForm,
    DistributeForm,
    PaperReturnForm,
    ReturnEntry,
    SurveyCreateForm,
)
from qinshang.core.forms import add_service_errors, form_status, query_without_page
from qinshang.core.spreadsheets import XLSX, workbook_response, write_table

PAPER_ROWS = 6  # opinion rows on the paper entry form
STALE_RETURN = gettext_lazy("Someone else changed this copy after you opened the form. Nothing "
                            "was saved: what you typed is still in the form, which now shows "
                            "the copy as it is.")


# --- the survey ----------------------------------------------------------------------------------

@staff_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = get_for_user(request.user, Campaign, campaign_pk, write=True)
    form = SurveyCreateForm(request.POST or None, initial={"deadline": campaign.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, campaign=campaign,
                                            form=form.cleaned_data["form"],
                                            deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Survey started. Now hand the form out to the targets."))
            return redirect("campaigns:survey_detail", pk=survey.pk)
    return render(request, "campaigns/survey_create.html", {"form": form, "campaign": campaign},
                  status=form_status(form))


@staff_required
@require_safe
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_detail(request.user, pk)
    filters = _chase_filters(request, survey)
    page = selectors.chase_page(request.user, survey, filters.criteria(), request.GET.get("page"))
    return render(request, "campaigns/survey_detail.html", {
        "survey": survey, "campaign": survey.campaign, "filters": filters, "page": page,
        "tally": selectors.survey_tally(request.user, survey),
        "overdue": survey.deadline < timezone.localdate(),
        "query": query_without_page(request),
        "may_distribute": (bool(principal_of(request.user).write_ranges)
                           and survey.campaign.state == CampaignState.LAUNCHED)})


def _chase_filters(request: HttpRequest, survey: Survey) -> ChaseFilterForm:
    return ChaseFilterForm(request.GET or None,
                           divisions=selectors.chase_divisions(request.user, survey))


@staff_required
@require_safe
def survey_chase_export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_detail(request.user, pk)
    copies = selectors.chase_list(request.user, survey, _chase_filters(request, survey).criteria())
    rows = selectors.chase_rows(copies.iterator(chunk_size=2000))
    return workbook_response(
        lambda handle: write_table(handle, _("Not yet returned"), _chase_columns(survey), rows),
        f"survey-{survey.pk}-not-returned-{timezone.localdate():%Y%m%d}.xlsx")


def _chase_columns(survey: Survey) -> list:
    return [
        (_("Enterprise"), lambda row: row.copy.enterprise.name),
        (_("City"), lambda row: row.copy.region.parent.name if row.copy.region.parent_id else ""),
        (_("County"), lambda row: row.copy.region.name),
        (_("Addressee"), lambda row: row.copy.person.name if row.copy.person_id else ""),
        (_("Handed out"), lambda row: str(row.copy.get_method_display())),
        (_("Handed out on"), lambda row: row.copy.distributed_on),
        (_("Days since"), lambda row: row.days_since),
        (_("Return by"), lambda row: survey.deadline),
        (_("Phone"), lambda row: row.phone),
        (_("Liaison officer"), lambda row: str(row.copy.enterprise.liaison_officer or "")),
    ]


# --- handing out copies --------------------------------------------------------------------------

@staff_required
@require_http_methods(["GET", "POST"])
def survey_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_detail(request.user, pk)
    require_writer(request.user)
    candidates = selectors.distribution_candidates(request.user, survey)
    page = Paginator(candidates, 100).get_page(request.GET.get("page"))
    form = DistributeForm(request.POST or None, candidates=candidates,
                          remaining=page.paginator.count)
    if request.method == "POST" and form.is_valid():
        try:
            issued = _distribute(request.user, survey, form)
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionRefused as refused:
            form.add_error(None, refused.messages)
        else:
            return _distributed(request, survey, issued)
    return render(request, "campaigns/survey_distribute.html", {
        "survey": survey, "campaign": survey.campaign, "form": form, "page": page,
        "ticked": {str(pk) for pk in request.POST.getlist("targets")}},
        status=form_status(form))


def _distribute(user, survey: Survey, form: DistributeForm) -> list:
    enterprises = [target.enterprise for target in form.chosen().select_related("enterprise")]
    data = form.cleaned_data
    persons = (selectors.taiwan_principals(e.pk for e in enterprises) if data["per_person"]
               else None)
    return services.survey_distribute(actor=user, survey=survey, enterprises=enterprises,
                                      method=data["method"],
                                      distributed_on=data["distributed_on"], persons=persons)


def _distributed(request: HttpRequest, survey: Survey, issued: list) -> HttpResponse:
    links = [item for item in issued if isinstance(item, services.IssuedLink)]
    if links:
        return _links_page(request, survey, links)
    if issued:
        messages.success(request, ngettext("%(count)d copy recorded.", "%(count)d copies recorded.",
                                           len(issued)) % {"count": len(issued)})
    else:
        messages.info(request, _("No new copies: everyone chosen had been given one already."))
    return redirect("campaigns:survey_detail", pk=survey.pk)


@dataclass(frozen=True)
class LinkRow:
    copy: Distribution
    url: str


def _links_page(request: HttpRequest, survey: Survey, links: Sequence[services.IssuedLink], *,
                reissued: bool = False) -> HttpResponse:
    """The only time the links are ever shown (see the module's docstring)."""
    rows = [LinkRow(link.distribution, request.build_absolute_uri(
        reverse("portal:survey", kwargs={"token": link.token}))) for link in links]
    response = render(request, "campaigns/survey_links.html", {
        "survey": survey, "campaign": survey.campaign, "rows": rows, "reissued": reissued,
        "workbook": _links_workbook(rows),
        "filename": f"survey-{survey.pk}-links-{timezone.localdate():%Y%m%d}.xlsx"})
    add_never_cache_headers(response)
    return response


def _links_workbook(rows: Sequence[LinkRow]) -> str:
    """The links as an xlsx file inside a data: URL, to download from the page itself."""
    handle = io.BytesIO()
    write_table(handle, _("Invitation links"), [
        (_("Enterprise"), lambda row: row.copy.enterprise.name),
        (_("County"), lambda row: row.copy.region.name),
        (_("Addressee"), lambda row: row.copy.person.name if row.copy.person_id else ""),
        (_("Invitation link"), lambda row: row.url),
        (_("Link expires"),
         lambda row: timezone.localtime(row.copy.link_expires_at).date()),
    ], rows)
    return f"data:{XLSX};base64,{base64.b64encode(handle.getvalue()).decode()}"


# --- one copy ------------------------------------------------------------------------------------

@staff_required
@require_safe
def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    copy = selectors.distribution_detail(request.user, pk)
    link_open = (not copy.returned and copy.token_digest is not None
                 and copy.link_expires_at is not None
                 and copy.link_expires_at >= timezone.now())
    return render(request, "campaigns/distribution_detail.html", {
        "copy": copy, "survey": copy.survey, "campaign": copy.survey.campaign,
        "answers": selectors.copy_answers(copy), "raised": selectors.raised_from(copy),
        "may_write": can_write(request.user, copy), "link_open": link_open})


@staff_required
@require_http_methods(["GET", "POST"])
def distribution_return(request: HttpRequest, pk: int) -> HttpResponse:
    copy = selectors.distribution_detail(request.user, pk, write=True)
    if copy.returned and request.method == "GET":
        messages.info(request, _("This copy has already been returned."))
        return redirect("campaigns:distribution_detail", pk=pk)
    entry = _paper_entry(request.POST or None, copy)
    if request.method == "POST" and entry.is_valid():
        head = entry.head.cleaned_data
        try:
            services.survey_return_paper(
                actor=request.user, distribution=copy, returned_on=head["returned_on"],
                answers=entry.answers_given(), opinions=entry.opinions_given(),
                expected_version=head["version"])
        except services.StaleEdit:
            return _stale_return(request, pk)
        except TransitionRefused as refused:
            entry.problems_above.extend(refused.messages)
            return _return_page(request, copy, entry, status=403)
        except ValidationError as error:
            entry.add_service_errors(error)
        else:
            messages.success(request, _("The returned form was recorded."))
            return redirect("campaigns:distribution_detail", pk=pk)
    return _return_page(request, copy, entry)


def _paper_entry(data, copy: Distribution) -> ReturnEntry:
    head = PaperReturnForm(data, initial={"returned_on": timezone.localdate(),
                                          "version": copy.version})
    return ReturnEntry(data, template=copy.survey.form,
                       questions=selectors.survey_questions(copy.survey), rows=PAPER_ROWS,
                       category_label=lambda category: category.label, head=head)


def _return_page(request: HttpRequest, copy: Distribution, entry: ReturnEntry, *,
                 status: int | None = None) -> HttpResponse:
    return render(request, "campaigns/distribution_return.html", {
        "copy": copy, "survey": copy.survey, "campaign": copy.survey.campaign, "entry": entry},
        status=status or (400 if entry.has_errors else 200))


def _stale_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The copy as it stands now; what the user typed stays in the form, now carrying the
    current version, so that saving again is a deliberate second step."""
    current = selectors.distribution_detail(request.user, pk, write=True)
    data = request.POST.copy()
    data["version"] = str(current.version)
    entry = _paper_entry(data, current)
    entry.is_valid()
    entry.problems_above.append(str(STALE_RETURN))
    return _return_page(request, current, entry, status=409)


@staff_required
@require_POST
def distribution_link(request: HttpRequest, pk: int) -> HttpResponse:
    copy = selectors.distribution_detail(request.user, pk, write=True)
    try:
        issued = services.distribution_reissue_link(actor=request.user, distribution=copy)
    except TransitionRefused as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("campaigns:distribution_detail", pk=pk)
    return _links_page(request, copy.survey, [issued], reissued=True)
