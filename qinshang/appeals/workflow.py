"""Who may do what to an appeal, and from which state: one table for the services (which
refuse) and the pages (which offer only what is allowed)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qinshang.access import principal_of
from qinshang.appeals.models import UNANSWERED_STATES, Appeal, State


class Standing(StrEnum):
    """How an actor stands to one appeal. One actor may hold several (a city officer is both
    an office writer and an office above the county that owns the appeal)."""

    OFFICE = "office"              # officer or administrator of an office covering the county
    READER = "reader"              # leader of an office covering the county (reads only)
    ABOVE = "above"                # member of an office above the owning office (督办)
    LEAD = "lead"                  # liaison of the lead department
    CO_HANDLER = "co_handler"      # liaison of a co-handling department
    APPELLANT = "appellant"        # portal user of the enterprise or person concerned


class Action(StrEnum):
    EDIT = "edit"
    CONTACT = "contact"
    REJECT = "reject"
    ASSESS = "assess"
    ASSIGN = "assign"
    ACCEPT = "accept"
    NOTE = "note"
    ANSWER = "answer"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    RETURN = "return"
    RATE = "rate"
    REOPEN = "reopen"
    CLOSE = "close"
    SUPERVISE = "supervise"
    MERGE = "merge"
    COMMENT = "comment"


ACTION_LABELS = {
    Action.EDIT: gettext_lazy("edit"),
    Action.CONTACT: gettext_lazy("record the first contact"),
    Action.REJECT: gettext_lazy("decline to accept"),
    Action.ASSESS: gettext_lazy("assess"),
    Action.ASSIGN: gettext_lazy("assign to departments"),
    Action.ACCEPT: gettext_lazy("accept"),
    Action.NOTE: gettext_lazy("add a tracking note"),
    Action.ANSWER: gettext_lazy("answer"),
    Action.REQUEST_EXTENSION: gettext_lazy("ask for an extension"),
    Action.DECIDE_EXTENSION: gettext_lazy("decide on an extension"),
    Action.RETURN: gettext_lazy("return the assignment"),
    Action.RATE: gettext_lazy("rate"),
    Action.REOPEN: gettext_lazy("ask for it to be handled again"),
    Action.CLOSE: gettext_lazy("close"),
    Action.SUPERVISE: gettext_lazy("supervise"),
    Action.MERGE: gettext_lazy("merge as a duplicate"),
    Action.COMMENT: gettext_lazy("add information"),
}

ACTIVE = frozenset(UNANSWERED_STATES)
HANDLING = frozenset({State.ASSIGNED, State.IN_PROGRESS})
OPEN = frozenset({*UNANSWERED_STATES, State.ANSWERED, State.RATED})


@dataclass(frozen=True)
class Rule:
    states: frozenset[str]
    standings: frozenset[Standing]


RULES: dict[Action, Rule] = {
    Action.EDIT: Rule(ACTIVE, frozenset({Standing.OFFICE})),
    Action.CONTACT: Rule(ACTIVE, frozenset({Standing.OFFICE})),
    Action.REJECT: Rule(frozenset({State.REGISTERED}), frozenset({Standing.OFFICE})),
    Action.ASSESS: Rule(frozenset({State.REGISTERED, State.ASSESSED}),
                        frozenset({Standing.OFFICE})),
    Action.ASSIGN: Rule(frozenset({State.ASSESSED}), frozenset({Standing.OFFICE})),
    Action.ACCEPT: Rule(HANDLING, frozenset({Standing.LEAD, Standing.CO_HANDLER})),
    Action.NOTE: Rule(HANDLING, frozenset({Standing.OFFICE, Standing.LEAD,
                                           Standing.CO_HANDLER})),
    Action.ANSWER: Rule(frozenset({State.IN_PROGRESS}),
                        frozenset({Standing.OFFICE, Standing.LEAD})),
    Action.REQUEST_EXTENSION: Rule(HANDLING, frozenset({Standing.LEAD})),
    Action.DECIDE_EXTENSION: Rule(HANDLING, frozenset({Standing.OFFICE})),
    Action.RETURN: Rule(HANDLING, frozenset({Standing.LEAD})),
    Action.RATE: Rule(frozenset({State.ANSWERED}),
                      frozenset({Standing.APPELLANT, Standing.OFFICE})),
    Action.REOPEN: Rule(frozenset({State.RATED}),
                        frozenset({Standing.APPELLANT, Standing.OFFICE})),
    Action.CLOSE: Rule(frozenset({State.RATED}), frozenset({Standing.OFFICE})),
    Action.SUPERVISE: Rule(ACTIVE, frozenset({Standing.ABOVE})),
    Action.MERGE: Rule(ACTIVE, frozenset({Standing.OFFICE})),
    Action.COMMENT: Rule(OPEN, frozenset({Standing.APPELLANT})),
}


class TransitionRefused(ValidationError):
    """The action is not allowed from the appeal's state, or not to this actor."""


def standings(user, appeal: Appeal) -> frozenset[Standing]:
    principal = principal_of(user)
    held: set[Standing] = set()
    if principal.covers(appeal.region_id, write=True):
        held.add(Standing.OFFICE)
    elif principal.covers(appeal.region_id):
        held.add(Standing.READER)
    owner_code = appeal.office.region_id
    if any(low != owner_code and low <= owner_code <= high
           for low, high in principal.read_ranges):
        held.add(Standing.ABOVE)
    if principal.department_ids:
        for assignment in appeal.assignments.all():
            if assignment.department_id in principal.department_ids:
                held.add(Standing.LEAD if assignment.lead else Standing.CO_HANDLER)
    if (appeal.enterprise_id in principal.enterprise_ids
            or appeal.person_id in principal.person_ids):
        held.add(Standing.APPELLANT)
    return frozenset(held)


def check(action: Action, appeal: Appeal, held: frozenset[Standing]) -> None:
    """Refuse, with a message the actor understands, an action the table does not allow."""
    rule = RULES[action]
    label = ACTION_LABELS[action]
    if not held & rule.standings:
        raise TransitionRefused(_("Your role does not allow “%(action)s” on this appeal.")
                                % {"action": label})
    if appeal.state not in rule.states:
        raise TransitionRefused(
            _("This appeal is “%(state)s”: “%(action)s” is not possible now.")
            % {"state": appeal.get_state_display(), "action": label})


def allowed_actions(appeal: Appeal, held: frozenset[Standing]) -> frozenset[Action]:
    """The actions the table allows; services may still refuse on the details (a deadline
    passed, a rating that was satisfied)."""
    return frozenset(action for action, rule in RULES.items()
                     if appeal.state in rule.states and held & rule.standings)
