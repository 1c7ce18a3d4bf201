"""The appeal workflow's actions (一事、一议、一跟踪、一落实) as POST endpoints. Each runs exactly
like the action on the appeal page: the workflow table decides who may act (403 with its
message), the page's form checks the input (422), the service checks the business rules (400)
and the version (409), and writes one event."""

# No "from __future__ import annotations": ninja reads the parameters' types from the
# annotations, and behind the access decorators it would resolve their names in the wrong module.

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from qinshang.access import staff_required
from qinshang.api.errors import WRITE_ERRORS, errors, form_errors, invalid_input
from qinshang.api.routers.appeals import action_path
from qinshang.appeals import selectors
from qinshang.appeals.forms import ACTION_FORMS
from qinshang.appeals.views import PERFORM
from qinshang.appeals.workflow import ACTION_LABELS, Action, check
from qinshang.core.errors import StaleEdit

router = Router(tags=["appeal workflow"])

VERSION_HELP = ("The appeal's version as last read; if someone acted since, nothing is done "
                "(409). Leave it out to act on the current version.")


class VersionIn(Schema):
    version: int | None = Field(None, ge=0, description=VERSION_HELP)


class ContactIn(VersionIn):
    note: str = ""


class ReasonIn(VersionIn):
    reason: str


class AssessIn(VersionIn):
    category: str = Field(description="A category's code.")
    priority: str
    plan: str
    answer_days: int | None = None


class AssignIn(VersionIn):
    lead: int = Field(description="The lead department's id.")
    co_handlers: list[int] = []


class NoteIn(VersionIn):
    text: str


class AnswerIn(VersionIn):
    outcome: str
    reply: str


class ExtensionRequestIn(VersionIn):
    days: int
    reason: str


class ExtensionDecisionIn(VersionIn):
    grant: bool
    note: str = ""


class RateIn(VersionIn):
    rating: int = Field(description="GB/T 39734: 5 very satisfied … 1 very dissatisfied.")
    comment: str = ""


class MergeIn(VersionIn):
    original: int = Field(description="The id of the open appeal that takes this one in.")


class ActionDone(Schema):
    action: str
    message: str
    id: int
    state: str
    version: int
    merged_into: int | None


def _form_data(slug: str, payload: Schema) -> dict:
    data = payload.model_dump()
    if slug == "decide_extension":
        data["grant"] = "yes" if payload.grant else "no"
    return {name: value for name, value in data.items() if value is not None}


def _act(request: HttpRequest, appeal_id: int, slug: str, payload: Schema) -> dict:
    appeal = selectors.appeal_detail(request.user, appeal_id)
    if payload.version is not None and payload.version != appeal.version:
        raise StaleEdit
    view = selectors.appeal_view(request.user, appeal)
    if not view.may(slug):
        check(Action(slug), appeal, view.standings)  # raises TransitionRefused, with why
    data = {"version": appeal.version, **_form_data(slug, payload)}
    form = ACTION_FORMS[slug](data, appeal=appeal, user=request.user)
    if "category" in form.fields:
        form.fields["category"].to_field_name = "code"
    if not form.is_valid():
        raise invalid_input(form_errors(form))
    PERFORM[slug](request.user, appeal, form.cleaned_data, form.cleaned_data["version"])
    appeal.refresh_from_db(fields=["state", "version", "merged_into"])
    return {"action": action_path(slug),
            "message": _("Done: %(action)s.") % {"action": ACTION_LABELS[Action(slug)]},
            "id": appeal.pk, "state": appeal.state, "version": appeal.version,
            "merged_into": appeal.merged_into_id}


def _endpoint(slug: str, body: type[Schema], description: str) -> None:
    """One POST /appeals/{id}/<action> endpoint for the workflow action ``slug``."""

    def action(request, appeal_id, payload):
        return _act(request, appeal_id, slug, payload)

    # Set here rather than written in the signature: ninja reads the body's schema from the
    # annotation, and each endpoint has its own.
    action.__annotations__ = {"request": HttpRequest, "appeal_id": int, "payload": body}
    action.__name__ = f"appeal_{slug}"
    action.__doc__ = description
    view: Callable = staff_required(action)
    router.post(f"/appeals/{{appeal_id}}/{action_path(slug)}",
                response={200: ActionDone, **errors(*WRITE_ERRORS)},
                summary=f"Appeal workflow: {action_path(slug)}",
                operation_id=f"appeal_{slug}")(view)


ACTIONS: tuple[tuple[str, type[Schema], str], ...] = (
    ("contact", ContactIn, "Record the first contact with the appellant (offices)."),
    ("reject", ReasonIn, "Decline to accept a registered appeal, with the reason (offices)."),
    ("assess", AssessIn, "研判: category, priority, handling plan and time limit (offices)."),
    ("assign", AssignIn, "交办: a lead department and any co-handlers of the appeal's county, "
                         "city or province (offices)."),
    ("accept", VersionIn, "The department accepts the assignment (department liaisons)."),
    ("note", NoteIn, "A dated tracking note (offices and the assigned departments)."),
    ("answer", AnswerIn, "答复: outcome (resolved, planned, explained) and the reply to the "
                         "appellant (offices and the lead department)."),
    ("request_extension", ExtensionRequestIn, "Ask for more working days before the deadline "
                                              "(the lead department)."),
    ("decide_extension", ExtensionDecisionIn, "Grant or refuse a waiting extension (offices)."),
    ("return", ReasonIn, "Return a wrong assignment within the limit (the lead department)."),
    ("rate", RateIn, "回访: the appellant's rating, taken by phone (offices)."),
    ("reopen", ReasonIn, "重办: an unsatisfied rating sends the appeal back (offices)."),
    ("close", VersionIn, "办结: close a rated appeal (offices)."),
    ("supervise", ReasonIn, "督办 by an office above the owning office."),
    ("merge", MergeIn, "Merge this appeal into an open appeal of the same party (offices)."),
)

for _slug, _body, _summary in ACTIONS:
    _endpoint(_slug, _body, _summary)
