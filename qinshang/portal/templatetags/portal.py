"""What the portal shows differently from the staff pages: text from the office in the reader's
script, and each step of an appeal in plain words for the appellant."""

from __future__ import annotations

from functools import lru_cache

import opencc
from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qinshang.appeals.models import Rating

register = template.Library()

TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk")

# The steps of selectors.PUBLIC_VERBS, told to the appellant rather than to the office.
STEP_LABELS = {
    "appeal.registered": _("Your appeal was received"),
    "appeal.assessed": _("The office reviewed your appeal"),
    "appeal.assigned": _("Passed to the responsible department"),
    "appeal.answered": _("The office answered"),
    "appeal.rated": _("Outcome rated"),
    "appeal.reopened": _("Asked to be handled again"),
    "appeal.closed": _("The appeal was closed"),
    "appeal.rejected": _("The office did not accept the appeal"),
    "appeal.commented": _("Information added"),
    "appeal.merged": _("Joined with another appeal on the same matter"),
    "policy.pushed": _("A policy was sent to you"),
}

# Of the public steps, those whose note is meant for the appellant to read (the reply, the
# reason for not accepting, their own words). An assessment's note is the office's handling
# plan and stays inside.
NOTES_SHOWN = frozenset({"appeal.answered", "appeal.rejected", "appeal.rated",
                         "appeal.reopened", "appeal.commented"})


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


@register.filter
def for_reader(text) -> str:
    """Office text (written in Simplified) in Traditional characters for a zh-hant reader;
    unchanged for anyone else. The result is escaped like any other text."""
    if not text:
        return ""
    text = str(text)
    if (get_language() or "").lower() in TRADITIONAL:
        return _to_traditional().convert(text)
    return text


@register.filter
def step_label(verb: str) -> str:
    return str(STEP_LABELS.get(verb, verb))


@register.filter
def step_note(event) -> str:
    return event.note if event.verb in NOTES_SHOWN else ""


@register.filter
def rating_label(value) -> str:
    try:
        return str(Rating(int(value)).label)
    except (TypeError, ValueError):
        return ""

