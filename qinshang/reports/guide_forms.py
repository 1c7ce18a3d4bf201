"""The service guide page's forms: which part of the library to list (topic, words of the
title), and the guide to compile (its title and the policies ticked)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qinshang.access import visible
from qinshang.core.widgets import FastSelect
from qinshang.policies.models import Policy, Topic

LISTED = 300      # the newest policies of the filtered library shown for ticking
MAX_CHOSEN = 200


@dataclass(frozen=True)
class Listing:
    policies: list[Policy]
    more: bool    # the filter matches more than are listed


class LibraryFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect,
                              choices=[("", _("All")), *Topic.choices])
    q = forms.CharField(label=_("Words of the title"), required=False, max_length=100)

    def listing(self, user) -> Listing:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        policies: QuerySet[Policy] = visible(user, Policy)
        if data.get("topic"):
            policies = policies.filter(topics__topic=data["topic"])
        if (data.get("q") or "").strip():
            policies = policies.filter(title__icontains=data["q"].strip())
        rows = list(policies.prefetch_related("topics").order_by("-issued_on", "-pk")
                    [:LISTED + 1])
        return Listing(rows[:LISTED], len(rows) > LISTED)


class ChosenPoliciesField(forms.Field):
    """The ticked policies' ids (checkboxes named ``policies``); whether the user may see
    them is the view's question, answered with 404 like any object out of reach."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Tick at least one policy."),
        "invalid": _("The choice of policies was not understood: tick them again."),
        "too_many": _("At most %(max)d policies in one guide."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        try:
            ids = sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if len(ids) > MAX_CHOSEN:
            raise ValidationError(self.error_messages["too_many"], code="too_many",
                                  params={"max": MAX_CHOSEN})
        return ids


class GuideForm(forms.Form):
    title = forms.CharField(label=_("Title of the guide"), max_length=120,
                            initial=_("Service guide for Taiwan-invested enterprises"),
                            help_text=_("On the title page and as the file's name."))
    policies = ChosenPoliciesField(label=_("Policies"))

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()
