from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from qinshang.access import get_for_user, may_place, require_writer, staff_required
from qinshang.appeals import selectors as appeal_selectors
from qinshang.campaigns import selectors as campaign_selectors
from qinshang.core.forms import form_status, query_without_page
from qinshang.enterprises import exports, selectors, services
from qinshang.enterprises.forms import EnterpriseFilterForm, EnterpriseForm, MeasureForm, PersonForm
from qinshang.enterprises.models import Enterprise

STALE_EDIT = gettext_lazy("Someone else saved this enterprise after you opened the form. "
               "Your changes were not saved: reload the page and make them again.")


def _save(form, write):
    """Run a write service for a valid form and return what it wrote, or None when the form or
    the service's business rules refuse it (their messages land on the form)."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@staff_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filters = EnterpriseFilterForm(request.GET or None, user=request.user)
    enterprises = selectors.enterprise_list(request.user, filters.criteria())
    page = Paginator(enterprises, settings.QINSHANG_PAGE_SIZE).get_page(request.GET.get("page"))
    template = ("enterprises/partials/results.html" if request.headers.get("HX-Request")
                else "enterprises/list.html")
    return render(request, template, {"filters": filters, "page": page,
                                      "query": query_without_page(request)})


@staff_required
def enterprise_export(request: HttpRequest) -> HttpResponse:
    filters = EnterpriseFilterForm(request.GET or None, user=request.user)
    return exports.enterprise_workbook_response(
        selectors.enterprise_list(request.user, filters.criteria()))


@staff_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_detail(request.user, pk)
    # The enterprise's own county decides (as can_write would), without a query: the page
    # also lists the campaigns running there and its visits.
    may_edit = may_place(request.user, enterprise.region_id)
    return render(request, "enterprises/detail.html", {
        "enterprise": enterprise,
        "may_edit": may_edit,
        "appeals": appeal_selectors.appeals_of_enterprise(request.user, enterprise),
        "campaigns": (campaign_selectors.running_campaigns_for(request.user, enterprise)
                      if may_edit else ()),
        "visits": campaign_selectors.enterprise_visits(request.user, enterprise),
        "timeline": selectors.enterprise_timeline(enterprise),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = EnterpriseForm(request.POST or None, user=request.user)
    created = request.method == "POST" and _save(form, lambda data: services.enterprise_create(
        actor=request.user, data=data, tags=data["tags"]))
    if created:
        messages.success(request, _("Enterprise saved."))
        return redirect("enterprises:detail", pk=created.pk)
    return render(request, "enterprises/form.html", {"form": form}, status=form_status(form))


@staff_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, pk, write=True)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST":
        try:
            if _save(form, lambda data: services.enterprise_update(
                    actor=request.user, enterprise=enterprise, data=data, tags=data["tags"],
                    expected_version=data["version"] or 0)):
                messages.success(request, _("Enterprise saved."))
                return redirect("enterprises:detail", pk=pk)
        except services.StaleEdit:
            form.add_error(None, STALE_EDIT)
            return render(request, "enterprises/form.html",
                          {"form": form, "enterprise": enterprise}, status=409)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise},
                  status=form_status(form))


@staff_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, pk, write=True)
    form = PersonForm(request.POST or None, user=request.user,
                      initial={"region": enterprise.region_id})
    added = request.method == "POST" and _save(form, lambda data: services.person_add(
        actor=request.user, enterprise=enterprise, data=data, relation=data["relation"]))
    if added:
        messages.success(request, _("%(name)s was already on file and is now linked to this "
                                    "enterprise.") % {"name": added.person.name}
                         if added.linked else _("Person saved."))
        return redirect("enterprises:detail", pk=pk)
    return render(request, "enterprises/person_form.html",
                  {"form": form, "enterprise": enterprise}, status=form_status(form))


@staff_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, pk, write=True)
    person = selectors.person_of(request.user, enterprise, person_pk, write=True)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and _save(form, lambda data: services.person_update(
            actor=request.user, person=person, enterprise=enterprise, data=data)):
        messages.success(request, _("Person saved."))
        return redirect("enterprises:detail", pk=pk)
    return render(request, "enterprises/person_form.html",
                  {"form": form, "enterprise": enterprise, "person": person},
                  status=form_status(form))


@staff_required
@require_POST
def person_document(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, pk, write=True)
    person = selectors.person_of(request.user, enterprise, person_pk, write=True)
    number = services.person_document_reveal(actor=request.user, person=person,
                                             enterprise=enterprise)
    return render(request, "enterprises/partials/document_number.html", {"number": number})


@staff_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, pk, write=True)
    form = MeasureForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and _save(form, lambda data: services.measure_add(
            actor=request.user, enterprise=enterprise, data=data)):
        messages.success(request, _("Support measure saved."))
        return redirect("enterprises:detail", pk=pk)
    return render(request, "enterprises/measure_form.html",
                  {"form": form, "enterprise": enterprise}, status=form_status(form))


@staff_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    enterprise = get_for_user(request.user, Enterprise, pk, write=True)
    measure = selectors.measure_of(request.user, enterprise, measure_pk, write=True)
    form = MeasureForm(request.POST or None, instance=measure, enterprise=enterprise)
    if request.method == "POST" and _save(form, lambda data: services.measure_update(
            actor=request.user, measure=measure, data=data)):
        messages.success(request, _("Support measure saved."))
        return redirect("enterprises:detail", pk=pk)
    return render(request, "enterprises/measure_form.html",
                  {"form": form, "enterprise": enterprise, "measure": measure},
                  status=form_status(form))
