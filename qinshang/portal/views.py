"""The compatriots' portal (DESIGN.md §1, issue #3 point 7): a Taiwan business person or
compatriot submits appeals, follows them, rates the outcome and may ask once for it to be
handled again. Pages only: reads through the appeal selectors, writes through their services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from qinshang.access import principal_of
from qinshang.appeals import selectors, services
from qinshang.appeals.models import UNANSWERED_STATES, Appeal, Channel, State
from qinshang.appeals.uploads import attachment_response
from qinshang.appeals.workflow import TransitionRefused
from qinshang.core.forms import add_service_errors
from qinshang.notifications import selectors as notification_selectors
from qinshang.notifications.services import notifications_mark_read
from qinshang.portal.forms import AppealForm, CommentForm, Party, RateForm, ReopenForm


def portal_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Portal pages: anonymous users go to the login page; anyone else but a portal user
    (office staff, department liaisons, users without a place) gets 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        principal = principal_of(request.user)
        if principal.is_staff_member or not principal.is_portal_user:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _parties(user) -> list[Party]:
    enterprises, persons = selectors.appellant_parties(user)
    return ([Party(f"e{e.pk}", enterprise=e) for e in enterprises]
            + [Party(f"p{p.pk}", person=p) for p in persons])


@portal_required
@require_safe
def portal_home(request: HttpRequest) -> HttpResponse:
    page = selectors.appeal_page(request.user, selectors.AppealFilter(), request.GET.get("page"))
    return render(request, "portal/home.html", {
        "page": page, "parties": _parties(request.user), "answered": State.ANSWERED,
        "notifications": list(notification_selectors.unread_about(request.user)[:20]),
    })


@portal_required
@require_http_methods(["GET", "POST"])
def appeal_create(request: HttpRequest) -> HttpResponse:
    form = AppealForm(request.POST or None, request.FILES or None, parties=_parties(request.user),
                      initial={"contact_phone": request.user.phone})
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data["party"]
        try:
            appeal = services.appeal_register(
                actor=request.user, enterprise=party.enterprise, person=party.person,
                data={**form.appeal_data(), "channel": Channel.PORTAL},
                files=form.cleaned_data["files"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your appeal has been submitted. Its reference is "
                                        "%(reference)s.") % {"reference": appeal.reference})
            return redirect("portal:appeal", pk=appeal.pk)
    return render(request, "portal/appeal_form.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _render_appeal(request: HttpRequest, appeal: Appeal, *, status: int = 200,
                   **forms) -> HttpResponse:
    view = selectors.appeal_view(request.user, appeal)
    version = {"version": appeal.version}
    offered = {
        "rate_form": view.may("rate"),
        "reopen_form": view.worth_offering("reopen", timezone.now()),
        "comment_form": view.may("comment"),
    }
    # What a refused form cannot say beside a field (its section is no longer offered, or the
    # field is hidden) is said at the top of the page.
    problems = [message for name, form in forms.items()
                for field, errors in form.errors.items()
                if not offered[name] or (field in form.fields and form[field].is_hidden)
                for message in errors]
    return render(request, "portal/appeal.html", {
        "appeal": appeal, "view": view, "offered": offered, "problems": problems,
        "timeline": selectors.appeal_timeline(appeal, public=True),
        "rate_form": forms.get("rate_form") or RateForm(initial=version),
        "reopen_form": forms.get("reopen_form") or ReopenForm(initial=version),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "waiting": appeal.state in UNANSWERED_STATES,
    }, status=status)


@portal_required
@require_safe
def appeal_page(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_detail(request.user, pk)
    unread = notification_selectors.unread_about(request.user, appeal)
    notifications_mark_read(user=request.user, ids=unread.values_list("pk", flat=True))
    return _render_appeal(request, appeal)


def _act(request: HttpRequest, pk: int, form_class, name: str, write, done: str):
    """Run one appellant action: the form checks the input, the service decides; a refusal
    re-renders the page with its message and writes nothing."""
    appeal = selectors.appeal_detail(request.user, pk)
    form = form_class(request.POST, request.FILES or None)
    status = 400
    if form.is_valid():
        try:
            write(appeal, form.cleaned_data)
        except services.StaleEdit:
            form = _refreshed(form_class, request, selectors.appeal_detail(request.user, pk))
            status = 409
        except TransitionRefused as refused:
            return render(request, "portal/refused.html",
                          {"appeal": appeal, "reasons": refused.messages}, status=403)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("portal:appeal", pk=pk)
    return _render_appeal(request, selectors.appeal_detail(request.user, pk), status=status,
                          **{name: form})


def _refreshed(form_class, request: HttpRequest, appeal: Appeal):
    """The stale form again, with what was typed, now against the appeal as it stands."""
    data = request.POST.copy()
    data["version"] = str(appeal.version)
    form = form_class(data)
    form.add_error(None, _("The appeal changed after you opened this page, so nothing was "
                           "saved. Please look at it as it is now and try again."))
    return form


@portal_required
@require_POST
def appeal_rate(request: HttpRequest, pk: int) -> HttpResponse:
    def write(appeal: Appeal, data: dict) -> Appeal:
        return services.appeal_rate(actor=request.user, appeal=appeal, rating=data["rating"],
                                    comment=data["comment"], expected_version=data["version"])

    return _act(request, pk, RateForm, "rate_form", write,
                _("Thank you: your rating has been recorded."))


@portal_required
@require_POST
def appeal_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def write(appeal: Appeal, data: dict) -> Appeal:
        return services.appeal_reopen(actor=request.user, appeal=appeal, reason=data["reason"],
                                      expected_version=data["version"])

    return _act(request, pk, ReopenForm, "reopen_form", write,
                _("Your appeal will be handled again. The office will be in touch."))


@portal_required
@require_POST
def appeal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    def write(appeal: Appeal, data: dict) -> Appeal:
        return services.appeal_comment(actor=request.user, appeal=appeal, text=data["text"],
                                       files=data["files"])

    return _act(request, pk, CommentForm, "comment_form", write,
                _("Your information has been added to the appeal."))


@portal_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    return attachment_response(selectors.appeal_detail(request.user, pk), attachment_pk)
