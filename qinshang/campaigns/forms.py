"""The forms of the campaign pages. Forms check input; the services check the business rules
(phases within the period, targets frozen at launch, a visit inside the campaign's days)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.accounts.models import User
from qinshang.appeals.models import Category, Kind
from qinshang.campaigns import selectors
from qinshang.campaigns.models import Campaign, Team, VisitMethod
from qinshang.campaigns.services import PhaseData, Problem
from qinshang.core.forms import DayField, add_service_errors, check_date_range
from qinshang.core.widgets import FastSelect
from qinshang.enterprises.forms import EnterpriseFilterForm, RegionChoiceField
from qinshang.enterprises.models import Enterprise, Person, Tag
from qinshang.offices.models import Office
from qinshang.questionnaires.forms import AnswersForm
from qinshang.regions.models import Region
from qinshang.search.widgets import (
    EnterprisePicker,
    MultipleEnterprisePicker,
    MultiplePersonPicker,
)

EVERYTHING = ("", _("All"))
MAX_PHASES = 12
MAX_PROBLEMS = 20
PHASE_ROWS = 3
PROBLEM_ROWS = 3
# The three phases of the 2015 Jiangxi service month (seed 002), offered as examples.
PHASE_EXAMPLES = (
    # Translators: example phase of a campaign, from the seeds: 全面走访、征求意见、建立联系
    _("e.g. Visit every enterprise, seek opinions, build ties"),
    # Translators: example phase of a campaign, from the seeds: 深入调研、研商措施、解决问题
    _("e.g. Look deeper, agree on measures, solve problems"),
    # Translators: example phase of a campaign, from the seeds: 交流讲评、总结提高、巩固成果
    _("e.g. Review together, sum up, consolidate the results"),
)


def default_day(campaign: Campaign) -> datetime.date | None:
    """Today, when the campaign runs today; else nothing (the user types the day)."""
    today = timezone.localdate()
    return today if campaign.covers_day(today) else None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FastSelectMultiple(FastSelect):
    """A multiple select rendered in Python like FastSelect (hundreds of offices or staff)."""

    allow_multiple_selected = True

    def __init__(self, attrs: dict | None = None, choices=()) -> None:
        super().__init__({"multiple": True, "size": 6, **(attrs or {})}, choices)


class OfficeChoiceField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple

    def label_from_instance(self, office: Office) -> str:
        return office.name


class VersionForm(forms.Form):
    """The version of the campaign the page showed: a later change by someone else makes this
    action stale, and it is refused rather than applied to a state the user did not see."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# --- the campaign ------------------------------------------------------------------------------

class CampaignForm(forms.ModelForm):
    scope = RegionChoiceField(label=_("Scope"), queryset=Region.objects.none(),
                              to_field_name="code",
                              help_text=_("The province, city or county the campaign covers."))
    offices = OfficeChoiceField(label=_("Offices running it"), queryset=Office.objects.none(),
                                help_text=_("Offices within the scope or above it. Hold Ctrl "
                                            "to choose several."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Campaign
        fields = ["name", "kind", "starts_on", "ends_on", "scope", "description", "visit_form",
                  "quota_symposiums", "quota_counties", "quota_enterprises"]
        widgets = {"kind": FastSelect, "starts_on": DateInput(), "ends_on": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 4}), "visit_form": FastSelect}
        help_texts = {"visit_form": _("The report form filled in at each visit.")}
        labels = {"description": _("About the campaign")}

    QUOTAS = ("quota_symposiums", "quota_counties", "quota_enterprises")

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.instance
        if campaign.pk:
            # The scope stays as created: the target list and the visits are measured by it.
            del self.fields["scope"]
            self.fields["version"].initial = campaign.version
            self.fields["offices"].initial = list(campaign.offices.all())
            self.fields["offices"].queryset = selectors.offices_to_pick(user, campaign.scope)
        else:
            del self.fields["version"]
            self.fields["scope"].queryset = selectors.scopes_to_pick(user)
            self.fields["offices"].queryset = selectors.offices_to_pick(user)
            self.fields["offices"].initial = list(selectors.own_offices(user))
        self.fields["visit_form"].queryset = selectors.visit_report_forms()
        for name in self.QUOTAS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 99, "class": "quota"})

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def quota_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.QUOTAS]

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name not in self.QUOTAS]


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Phase"), max_length=120, required=False)
    starts_on = DayField(label=_("Starts"), required=False)
    ends_on = DayField(label=_("Ends"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [bool(data.get(name)) for name in ("name", "starts_on", "ends_on")]
        if any(given) and not all(given):
            raise ValidationError(_("Give the phase a name, a first and a last day, or leave "
                                    "the whole row empty."))
        return data

    def phase(self) -> PhaseData | None:
        data = getattr(self, "cleaned_data", {})
        if not (data.get("name") and data.get("starts_on") and data.get("ends_on")):
            return None
        return PhaseData(data["name"].strip(), data["starts_on"], data["ends_on"])


class BasePhaseFormSet(forms.BaseFormSet):
    def phases(self) -> list[PhaseData]:
        return [phase for phase in (form.phase() for form in self.forms) if phase is not None]


def phase_formset(data=None, campaign: Campaign | None = None) -> BasePhaseFormSet:
    """The campaign's phases and blank rows up to three, the seed's phases as placeholders."""
    initial = [{"name": p.name, "starts_on": p.starts_on, "ends_on": p.ends_on}
               for p in (campaign.phases.all() if campaign is not None else ())]
    formset_class = formset_factory(PhaseForm, formset=BasePhaseFormSet,
                                    extra=max(PHASE_ROWS - len(initial), 1),
                                    max_num=MAX_PHASES, validate_max=True)
    formset = formset_class(data, initial=initial, prefix="phases")
    for form, example in zip(formset.forms, PHASE_EXAMPLES, strict=False):
        form.fields["name"].widget.attrs["placeholder"] = example
    return formset


# --- targets -----------------------------------------------------------------------------------

class TargetCriteriaForm(EnterpriseFilterForm):
    """The enterprise list's filters, narrowed to the campaign's scope and to enterprises that
    have not closed: the filters a draft campaign's target list is drawn by."""

    def __init__(self, *args, user, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        del self.fields["liaison_officer"]
        del self.fields["q"]
        self.fields["region"].queryset = selectors.divisions_within(user, campaign)
        self.fields["status"].choices = [EVERYTHING, *[
            (value, label) for value, label in Enterprise.Status.choices
            if value != Enterprise.Status.CLOSED]]

    def stored(self) -> dict[str, str]:
        """The filters as kept on the campaign (only those given)."""
        criteria = self.criteria()
        stored = {"region": criteria.region.code if criteria.region else "",
                  "section": criteria.section, "origin": criteria.origin,
                  "status": criteria.status, "tag": criteria.tag.name if criteria.tag else ""}
        return {key: value for key, value in stored.items() if value}

    @classmethod
    def data_from(cls, stored: dict) -> dict[str, str]:
        """The form's data for filters stored on the campaign (a tag is kept by name)."""
        data = {key: str(value) for key, value in stored.items()
                if key in ("region", "section", "origin", "status")}
        if stored.get("tag"):
            tag = Tag.objects.filter(name=stored["tag"]).first()
            if tag is not None:
                data["tag"] = str(tag.pk)
        return data


class TargetFilterForm(forms.Form):
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    visited = forms.ChoiceField(label=_("Visited"), required=False, widget=FastSelect,
                                choices=[EVERYTHING, ("no", _("Not visited yet")),
                                         ("yes", _("Visited"))])

    def __init__(self, *args, user, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_within(user, campaign)

    def criteria(self) -> selectors.TargetFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.TargetFilter(region=data.get("region"), visited=data.get("visited", ""))


# --- teams -------------------------------------------------------------------------------------

class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120,
                           help_text=_("e.g. the province office's first visiting team"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none(),
                                    widget=FastSelect)
    area = RegionChoiceField(label=_("Area assigned"), queryset=Region.objects.none(),
                             to_field_name="code",
                             help_text=_("The division within the campaign's scope the team "
                                         "visits."))
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=User.objects.none(),
                                             required=False, widget=FastSelectMultiple)

    def __init__(self, *args, user, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.offices_to_pick(user, campaign.scope)
        self.fields["area"].queryset = (Region.objects.current()
                                        .filter(campaign.scope.subtree_q("code"))
                                        .select_related("parent").order_by("code"))
        self.fields["members"].queryset = selectors.team_members_to_pick(user)
        self.fields["office"].initial = selectors.own_offices(user).values_list(
            "pk", flat=True).first()


# --- visits ------------------------------------------------------------------------------------

class VisitForm(forms.Form):
    enterprise = forms.IntegerField(widget=forms.HiddenInput)
    visited_on = DayField(label=_("Date of the visit"))
    method = forms.ChoiceField(label=_("Method"), choices=VisitMethod.choices,
                               widget=forms.RadioSelect)
    staff = forms.ModelMultipleChoiceField(label=_("Visiting staff"),
                                           queryset=User.objects.none(),
                                           widget=FastSelectMultiple)
    team = forms.ModelChoiceField(label=_("Visiting team"), queryset=Team.objects.none(),
                                  required=False, empty_label=_("None"), widget=FastSelect)
    people_met = forms.IntegerField(label=_("Taiwan business people met"), min_value=0,
                                    max_value=999)
    persons = forms.ModelMultipleChoiceField(label=_("Who was met"),
                                             queryset=Person.objects.none(), required=False,
                                             widget=MultiplePersonPicker)
    summary = forms.CharField(label=_("Summary of the visit"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, campaign: Campaign, enterprise: Enterprise,
                 **kwargs) -> None:
        kwargs.setdefault("initial", {
            "enterprise": enterprise.pk, "method": VisitMethod.ON_SITE, "staff": [user.pk],
            "people_met": 1, "visited_on": default_day(campaign)})
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = selectors.visiting_staff_to_pick(user)
        self.fields["staff"].help_text = _("Staff of your office and of the offices below it. "
                                           "Hold Ctrl to choose several.")
        self.fields["team"].queryset = selectors.teams_of(campaign)
        self.fields["persons"].queryset = selectors.persons_of(enterprise)
        self.fields["persons"].widget.narrow(enterprise=enterprise.pk)
        self.fields["persons"].help_text = _("The persons of the enterprise's file who were "
                                             "there; the number above may be larger.")

    def visit_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"visited_on": data["visited_on"], "method": data["method"],
                "people_met": data["people_met"], "summary": data["summary"].strip()}


class ProblemForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int,
                                      widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.OPINION,
                             required=False, widget=FastSelect)
    title = forms.CharField(label=_("Subject"), required=False, max_length=120)
    description = forms.CharField(label=_("What the enterprise asks"), required=False,
                                  max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, categories: list[Category], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {category.pk: category for category in categories}
        self.fields["category"].choices = [("", "---------"), *[
            (category.pk, category.label) for category in categories]]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self._is_blank(data):
            return data
        if not data.get("category"):
            self.add_error("category", _("Choose the category of the problem."))
        if not (data.get("title") or "").strip():
            self.add_error("title", _("Give the problem a subject."))
        return data

    @staticmethod
    def _is_blank(data: dict) -> bool:
        return not (data.get("category") or (data.get("title") or "").strip()
                    or (data.get("description") or "").strip())

    def problem(self) -> Problem | None:
        data = getattr(self, "cleaned_data", {})
        if self._is_blank(data) or self.errors:
            return None
        return Problem(category=self.categories[data["category"]], title=data["title"].strip(),
                       description=data["description"].strip(),
                       kind=data.get("kind") or Kind.OPINION)


class BaseProblemFormSet(forms.BaseFormSet):
    def problems(self) -> list[Problem]:
        return [problem for problem in (form.problem() for form in self.forms)
                if problem is not None]


ProblemFormSet = formset_factory(ProblemForm, formset=BaseProblemFormSet, extra=PROBLEM_ROWS,
                                 max_num=MAX_PROBLEMS, validate_max=True)


class VisitSheet:
    """The one submit of a visit: the visit, its report form and the problems raised."""

    def __init__(self, data, *, user, campaign: Campaign, enterprise: Enterprise) -> None:
        self.form = VisitForm(data, user=user, campaign=campaign, enterprise=enterprise)
        questions = selectors.report_questions(campaign)
        self.answers = (AnswersForm(campaign.visit_form, data, questions=questions,
                                    prefix="report")
                        if campaign.visit_form is not None else None)
        self.problems = ProblemFormSet(data, prefix="problems", form_kwargs={
            "categories": selectors.problem_categories()})

    @property
    def parts(self) -> list:
        return [part for part in (self.form, self.answers, self.problems) if part is not None]

    def is_valid(self) -> bool:
        # Every part is checked, so that all the messages show at once.
        results = [part.is_valid() for part in self.parts]
        return all(results)

    @property
    def status(self) -> int:
        """400 for a submitted sheet with errors anywhere, so a refusal never looks like
        success."""
        failed = any(part.total_error_count() if isinstance(part, forms.BaseFormSet)
                     else part.errors for part in self.parts)
        return 400 if self.form.is_bound and failed else 200

    def answers_data(self) -> dict[str, Any]:
        return self.answers.raw_answers() if self.answers is not None else {}

    def add_service_errors(self, error: ValidationError) -> None:
        """Each message beside what it is about: the visit's fields, the report form's
        questions (``q<id>``) or the problems; anything else above the form."""
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            if name == "problems":
                self.problems.non_form_errors().extend(messages)
            elif self.answers is not None and name in self.answers.fields:
                self.answers.add_error(name, messages)
            elif name == "persons_met":
                self.form.add_error("persons", messages)
            else:
                add_service_errors(self.form, ValidationError({name: messages}))


class VisitFilterForm(forms.Form):
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)
    team = forms.ModelChoiceField(label=_("Visiting team"), queryset=Team.objects.none(),
                                  required=False, empty_label=_("All"), widget=FastSelect)
    method = forms.ChoiceField(label=_("Method"), required=False, widget=FastSelect,
                               choices=[EVERYTHING, *VisitMethod.choices])

    def __init__(self, *args, user, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_within(user, campaign)
        self.fields["team"].queryset = selectors.teams_of(campaign)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "date_from", "date_to")
        return data

    def criteria(self) -> selectors.VisitFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.VisitFilter(region=data.get("region"), date_from=data.get("date_from"),
                                     date_to=data.get("date_to"), team=data.get("team"),
                                     method=data.get("method", ""))


class ChooseEnterpriseForm(forms.Form):
    """The enterprise visited, picked among those of the campaign's scope the user writes for;
    the visit form then takes it (through the access rules) from ``?enterprise=``."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise visited"),
                                        queryset=Enterprise.objects.none(),
                                        widget=EnterprisePicker)

    def __init__(self, *args, user, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = selectors.enterprises_to_visit(user, campaign)
        self.fields["enterprise"].widget.narrow(write=True, region=campaign.scope_id)


# --- symposiums --------------------------------------------------------------------------------

class SymposiumForm(forms.Form):
    held_on = DayField(label=_("Date"))
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               to_field_name="code",
                               help_text=_("Where it was held, within the campaign's scope."))
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, max_value=9999)
    enterprises = forms.ModelMultipleChoiceField(label=_("Enterprises attending"),
                                                 queryset=Enterprise.objects.none(),
                                                 required=False,
                                                 widget=MultipleEnterprisePicker)
    team = forms.ModelChoiceField(label=_("Visiting team"), queryset=Team.objects.none(),
                                  required=False, empty_label=_("None"), widget=FastSelect)
    summary = forms.CharField(label=_("Summary of the symposium"), required=False,
                              max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_within(user, campaign, write=True)
        self.fields["enterprises"].queryset = selectors.symposium_enterprises(user, campaign)
        self.fields["enterprises"].widget.narrow(campaign=campaign.pk)
        self.fields["team"].queryset = selectors.teams_of(campaign)
        self.fields["held_on"].initial = default_day(campaign)

    def symposium_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"held_on": data["held_on"], "place": data["place"].strip(),
                "attendees": data["attendees"], "summary": data["summary"].strip()}

