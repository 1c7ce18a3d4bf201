"""Forms of the survey pages: starting a survey, filtering the chase list, handing copies out,
typing in a returned paper form; and the rows of opinions that the invitation page shares.
Forms check input; the services decide."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.appeals.models import Category
from qinshang.appeals.selectors import categories_active
from qinshang.campaigns import survey_selectors as selectors
from qinshang.campaigns.models import DistributionMethod, Target
from qinshang.campaigns.services import Problem
from qinshang.core.forms import DayField
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.questionnaires.forms import AnswersForm
from qinshang.questionnaires.models import FormTemplate, Question
from qinshang.regions.models import Region

REACH_CHOSEN = "chosen"
REACH_ALL = "all"


class SurveyCreateForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Opinion form"), queryset=FormTemplate.objects.none(),
                                  widget=FastSelect)
    deadline = DayField(label=_("Return by"), widget=DateInput(),
                               help_text=_("Copies not returned by this day are shown as "
                                           "overdue in the chase list."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = selectors.opinion_forms()
        self.fields["form"].label_from_instance = lambda template: template.title


class ChaseFilterForm(forms.Form):
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    method = forms.ChoiceField(label=_("Handed out"), required=False, widget=FastSelect,
                               choices=[("", _("All")), *DistributionMethod.choices])

    def __init__(self, *args, divisions: QuerySet[Region], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = divisions

    def criteria(self) -> selectors.ChaseFilter:
        """The valid filters; an invalid one is left out and its message shown beside it."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.ChaseFilter(region=data.get("region"), method=data.get("method", ""))


class DistributeForm(forms.Form):
    """Which targets get a copy: those ticked on the page, or every remaining one in reach."""

    targets = forms.ModelMultipleChoiceField(
        queryset=Target.objects.none(), required=False, widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("An enterprise you ticked has meanwhile been given "
                                            "a copy, or is outside your jurisdiction. Look at "
                                            "the list again and tick anew.")})
    reach = forms.ChoiceField(label=_("Give a copy to"), widget=forms.RadioSelect,
                              initial=REACH_CHOSEN)
    per_person = forms.BooleanField(
        label=_("One copy for each Taiwan principal of the enterprise"), required=False,
        help_text=_("The chairman, general manager, shareholders and managers from Taiwan on "
                    "file each get their own copy; an enterprise with none on file gets one "
                    "copy addressed to the enterprise."))
    method = forms.ChoiceField(label=_("Method"), choices=DistributionMethod.choices,
                               widget=forms.RadioSelect, initial=DistributionMethod.PAPER)
    distributed_on = DayField(label=_("Handed out on"))

    def __init__(self, *args, candidates: QuerySet[Target], remaining: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["targets"].queryset = candidates
        self.fields["distributed_on"].initial = timezone.localdate()
        self.fields["reach"].choices = [
            (REACH_CHOSEN, _("The enterprises ticked below")),
            (REACH_ALL, _("All %(count)d remaining targets in my jurisdiction")
             % {"count": remaining})]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reach") == REACH_CHOSEN and not data.get("targets") \
                and "targets" not in self.errors:
            self.add_error("targets", _("Tick at least one enterprise, or choose all remaining "
                                        "targets."))
        if data.get("reach") == REACH_ALL and not self.candidates.exists():
            self.add_error("reach", _("Every target in your jurisdiction already has a copy."))
        return data

    def chosen(self) -> QuerySet[Target]:
        if self.cleaned_data["reach"] == REACH_ALL:
            return self.candidates
        return self.cleaned_data["targets"]


# --- opinions and answers ------------------------------------------------------------------------

class OpinionForm(forms.Form):
    """One opinion or suggestion of a returned form; it becomes an appeal (channel survey)."""

    category = forms.ChoiceField(label=_("Category"), required=False, widget=FastSelect)
    subject = forms.CharField(label=_("Subject"), max_length=120, required=False)
    text = forms.CharField(label=_("Opinion or suggestion"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, categories: Sequence[Category],
                 category_label: Callable[[Category], str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The categories are read once for all the rows, not once per row.
        self.categories = {str(category.pk): category for category in categories}
        self.fields["category"].choices = [
            ("", "—"), *((key, category_label(category))
                         for key, category in self.categories.items())]

    def clean_category(self) -> Category | None:
        return self.categories.get(self.cleaned_data["category"])

    @property
    def has_content(self) -> bool:
        """A row with neither subject nor text is left out, whatever its category says."""
        data = getattr(self, "cleaned_data", {})
        return bool((data.get("subject") or "").strip() or (data.get("text") or "").strip())

    @property
    def is_open(self) -> bool:
        """Shown unfolded: something was typed in it, or it has something to correct."""
        return self.is_bound and (bool(self.errors) or self.has_content)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.has_content:
            return data
        if not (data.get("subject") or "").strip() and "subject" not in self.errors:
            self.add_error("subject", _("Give the opinion a short subject."))
        if data.get("category") is None and "category" not in self.errors:
            self.add_error("category", _("Choose the category the opinion is about."))
        return data

    def problem(self) -> Problem:
        data = self.cleaned_data
        return Problem(category=data["category"], title=data["subject"].strip(),
                       description=data["text"].strip())


class OpinionRows:
    """A fixed number of opinion rows (no formset management data to get wrong on a public
    page); blank rows are ignored."""

    def __init__(self, data=None, *, rows: int,
                 category_label: Callable[[Category], str]) -> None:
        categories = list(categories_active())
        self.forms = [OpinionForm(data, prefix=f"opinion-{number}", categories=categories,
                                  category_label=category_label)
                      for number in range(1, rows + 1)]

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        checked = [form.is_valid() for form in self.forms]  # every row, not up to the first
        return all(checked)

    def problems(self) -> list[Problem]:
        return [form.problem() for form in self.forms if form.has_content]


class PaperReturnForm(forms.Form):
    returned_on = DayField(label=_("Returned on"), widget=DateInput(),
                                  help_text=_("The day the filled-in form came back."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReturnEntry:
    """A returned form checked as one: the answers to the questions, the opinions and, for a
    paper form typed in by staff, the day it came back. Nothing is saved unless all of it is
    valid."""

    def __init__(self, data=None, *, template: FormTemplate, questions: Sequence[Question],
                 rows: int, category_label: Callable[[Category], str],
                 label: Callable[[str], str] = str, head: forms.Form | None = None) -> None:
        self.head = head
        self.answers = AnswersForm(template, data, questions=questions, label=label)
        self.opinions = OpinionRows(data, rows=rows, category_label=category_label)
        self.problems_above: list[str] = []

    def _forms(self) -> list[forms.Form]:
        return [form for form in (self.head, self.answers, *self.opinions) if form is not None]

    def is_valid(self) -> bool:
        checked = [form.is_valid() for form in self._forms()]  # every form shows its errors
        return all(checked)

    @property
    def has_errors(self) -> bool:
        return bool(self.problems_above) or any(form.errors for form in self._forms())

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's refusal beside the field it names, else above the form."""
        if not hasattr(error, "error_dict"):
            self.problems_above.extend(error.messages)
            return
        for name, messages in error.message_dict.items():
            owner = next((form for form in (self.head, self.answers)
                          if form is not None and name in form.fields), None)
            if owner is None:
                self.problems_above.extend(messages)
            else:
                owner.add_error(name, messages)

    def answers_given(self) -> dict[str, Any]:
        return self.answers.raw_answers()

    def opinions_given(self) -> list[Problem]:
        return self.opinions.problems()
