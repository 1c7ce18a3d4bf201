"""The invitation page of an opinion survey (issue #4 point 4): a compatriot opens the personal
link they were sent, answers the opinion form and writes down opinions, each of which becomes an
appeal (channel survey) that the office follows up. No login; always in Traditional Chinese.

The link is the only key, so the page answers the same to everyone, logged in or not; an
unknown link is told nothing about any office or survey; the browser is asked not to pass the
address on (Referrer-Policy) nor to keep the page (Cache-Control); and the token is kept out of
our logs: Django's "Not Found: <path>" warnings (and the like for every refusal) are not written
for these answers.

The referrer policy is ``strict-origin``, not ``no-referrer``: both keep the address (and so the
token) out of every Referer header, but under ``no-referrer`` browsers send ``Origin: null`` with
the form's own POST, which Django's CSRF check refuses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from qinshang.appeals.workflow import TransitionRefused
from qinshang.campaigns import services
from qinshang.campaigns import survey_selectors as selectors
from qinshang.campaigns.models import Distribution
from qinshang.campaigns.survey_forms import ReturnEntry
from qinshang.core.middleware import PORTAL_LANGUAGE
from qinshang.portal.templatetags.portal import for_reader

OPINION_ROWS = 5
ALLOWED_METHODS = ("GET", "HEAD", "POST")
REFERRER_POLICY = "strict-origin"  # the site's origin only, never the path (see above)


def invitation_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Traditional Chinese whatever the visitor chose elsewhere, and the token kept to the
    page: not logged, not passed on as a referrer, not cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method in ALLOWED_METHODS:
            with translation.override(PORTAL_LANGUAGE):
                request.LANGUAGE_CODE = PORTAL_LANGUAGE
                response = view(request, *args, **kwargs)
        else:
            # Not require_http_methods: it logs the refused request's path, token and all.
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        response["Content-Language"] = PORTAL_LANGUAGE
        response["Referrer-Policy"] = REFERRER_POLICY
        add_never_cache_headers(response)
        # Django logs every answer of 400 and above with the request's path; these paths carry
        # the token. Marking the answer as logged leaves it out.
        response._has_been_logged = True
        return response

    return wrapper


@invitation_page
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        copy = services.invitation_open(token)
    except services.InvitationRefused as refused:
        return _refused(request, refused)
    entry = _entry(request.POST if request.method == "POST" else None, copy)
    if request.method == "POST" and entry.is_valid():
        try:
            services.survey_answer_online(token=token, answers=entry.answers_given(),
                                          opinions=entry.opinions_given())
        except services.InvitationRefused as refused:
            return _refused(request, refused)
        except ValidationError as error:
            entry.add_service_errors(error)
        except TransitionRefused:
            return _form(request, copy, entry, status=503, trouble=True)
        else:
            return render(request, "portal/survey_done.html", {
                "copy": copy, "survey": copy.survey, "opinions": entry.opinions_given(),
                "office": selectors.distributing_office(copy)})
    return _form(request, copy, entry)


def _entry(data, copy: Distribution) -> ReturnEntry:
    return ReturnEntry(data, template=copy.survey.form,
                       questions=selectors.survey_questions(copy.survey), rows=OPINION_ROWS,
                       category_label=lambda category: category.name_zh_hant, label=for_reader)


def _form(request: HttpRequest, copy: Distribution, entry: ReturnEntry, *,
          status: int | None = None, trouble: bool = False) -> HttpResponse:
    if entry.problems_above:
        # What the form cannot point at is nothing the respondent can correct.
        trouble = True
    return render(request, "portal/survey.html", {
        "copy": copy, "survey": copy.survey, "entry": entry, "trouble": trouble,
        "office": selectors.distributing_office(copy) if trouble else None,
    }, status=status or (400 if entry.has_errors else 200))


def _refused(request: HttpRequest, refused: services.InvitationRefused) -> HttpResponse:
    """Unknown (404): not a word about any survey or office. Expired or used (410): what
    happened, and which office to ask."""
    if refused.reason == "unknown" or refused.distribution is None:
        return render(request, "portal/survey_refused.html", {"reason": "unknown"}, status=404)
    copy = refused.distribution
    return render(request, "portal/survey_refused.html", {
        "reason": refused.reason, "copy": copy, "survey": copy.survey,
        "office": selectors.distributing_office(copy),
        "title": _("Link expired") if refused.reason == "expired" else _("Already answered"),
    }, status=410)
