"""The forms of the event pages. Forms read input and find what the user names (only among what
they may see); the services check the business rules (the place within the office's division,
attendees at least the persons named, outcomes only of an event already held) and the pages show
those refusals beside the field they are about.

Enterprises and persons attending are picked from the one search (qinshang.search.widgets): an
office's list of enterprises runs into the thousands, which no select box lets anyone pick
from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from qinshang.campaigns.forms import MAX_PROBLEMS, PROBLEM_ROWS, ProblemForm
from qinshang.campaigns.models import Campaign, Team
from qinshang.core.forms import DayField, check_date_range
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.models import Enterprise, Person
from qinshang.gatherings import selectors
from qinshang.gatherings.models import Gathering, Kind
from qinshang.gatherings.services import RaisedProblem
from qinshang.offices.models import Office
from qinshang.regions.models import Region
from qinshang.search.widgets import MultipleEnterprisePicker, MultiplePersonPicker

EVERYTHING = ("", _("All"))
MAX_ATTENDING = 500


class OfficeField(forms.ModelChoiceField):
    widget = FastSelect
    default_error_messages = {"invalid_choice": _("Choose an office in your jurisdiction.")}

    def label_from_instance(self, office: Office) -> str:
        return office.name


class CampaignField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, campaign) -> str:
        return campaign.name


class TeamField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, team) -> str:
        return f"{team.campaign.name} · {team.name}"


class AttendingField(forms.ModelMultipleChoiceField):
    """Enterprises or persons attending, among those the user sees."""

    default_error_messages = {
        "invalid_choice": _("Choose one of the list: those in your jurisdiction."),
        "invalid_pk_value": _("Choose one of the list: those in your jurisdiction.")}

    def clean(self, value):
        # Counted before the lookup: the keys go into one query.
        if value and len(value) > MAX_ATTENDING:
            raise ValidationError(_("At most %(max)d.") % {"max": MAX_ATTENDING},
                                  code="too_many")
        return super().clean(value)


# --- the list's filters -----------------------------------------------------------------------

class GatheringFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=[EVERYTHING, *Kind.choices])
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    date_from = DayField(label=_("From"), required=False)
    date_to = DayField(label=_("To"), required=False)
    campaign = CampaignField(label=_("Campaign"), queryset=Campaign.objects.none(),
                             required=False, empty_label=_("All"))

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_in_reach(user)
        self.fields["campaign"].queryset = selectors.campaigns_in_reach(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "date_from", "date_to")
        return data

    def criteria(self) -> selectors.GatheringFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.GatheringFilter(kind=data.get("kind", ""), region=data.get("region"),
                                         date_from=data.get("date_from"),
                                         date_to=data.get("date_to"),
                                         campaign=data.get("campaign"))


# --- the event --------------------------------------------------------------------------------

class GatheringForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=FastSelect,
                             initial=Kind.SYMPOSIUM)
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("e.g. 2026年台商新春座谈会"))
    held_on = DayField(label=_("Date"), widget=DateInput(),
                              help_text=_("A planned event may be dated in the future; its "
                                          "outcomes are recorded once it has taken place."))
    ends_on = DayField(label=_("Last day"), required=False, widget=DateInput(),
                              help_text=_("For events of more than one day."))
    office = OfficeField(label=_("Organising office"), queryset=Office.objects.none())
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               to_field_name="code",
                               help_text=_("Where it was held, within the organising office's "
                                           "division."))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    campaign = CampaignField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False,
                             empty_label=_("None"),
                             help_text=_("A symposium held in a campaign counts towards its "
                                         "team's quota."))
    team = TeamField(label=_("Visiting team"), queryset=Team.objects.none(), required=False,
                     empty_label=_("None"))
    attendees = forms.IntegerField(label=_("Number of attendees"), min_value=0,
                                   max_value=100000)
    enterprises = AttendingField(
        label=_("Enterprises attending"), required=False, queryset=Enterprise.objects.none(),
        widget=MultipleEnterprisePicker,
        help_text=_("Type part of the name or the credit code and choose each one."))
    persons = AttendingField(
        label=_("Persons attending"), required=False, queryset=Person.objects.none(),
        widget=MultiplePersonPicker, help_text=_("Type part of the name and choose each one."))
    summary = forms.CharField(label=_("Summary"), required=False, max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    FACTS = ("kind", "title", "held_on", "ends_on", "office", "region", "place", "campaign",
             "team", "attendees", "summary")

    def __init__(self, *args, user, gathering: Gathering | None = None, **kwargs) -> None:
        self.user, self.gathering = user, gathering
        if gathering is not None:
            kwargs.setdefault("initial", self._initial(gathering))
        super().__init__(*args, **kwargs)
        offices = selectors.offices_in_reach(user, write=True)
        self.fields["office"].queryset = offices
        self.fields["region"].queryset = selectors.divisions_in_reach(user, write=True)
        self.fields["campaign"].queryset = selectors.campaigns_in_reach(user)
        self.fields["team"].queryset = selectors.teams_in_reach(user)
        self.fields["enterprises"].queryset = selectors.enterprises_to_pick(user)
        self.fields["persons"].queryset = selectors.persons_to_pick(user)
        if gathering is None:
            del self.fields["version"]
            first = offices.first()
            if first is not None:
                self.initial.setdefault("office", first.pk)
                self.initial.setdefault("region", first.region_id)
        else:
            self.fields["version"].required = True
        self.enterprise_rows: list[Enterprise] = []
        self.person_rows: list[Person] = []

    @staticmethod
    def _initial(gathering: Gathering) -> dict[str, Any]:
        return {"kind": gathering.kind, "title": gathering.title, "held_on": gathering.held_on,
                "ends_on": gathering.ends_on, "office": gathering.office_id,
                "region": gathering.region_id, "place": gathering.place,
                "campaign": gathering.campaign_id, "team": gathering.team_id,
                "attendees": gathering.attendees, "summary": gathering.summary,
                "version": gathering.version,
                "enterprises": [row.pk for row in selectors.attending_enterprises(gathering)],
                "persons": [row.pk for row in selectors.attending_persons(gathering)]}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "held_on", "ends_on")
        self.enterprise_rows = list(data.get("enterprises") or [])
        self.person_rows = list(data.get("persons") or [])
        return data

    def gathering_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        facts = {name: data.get(name) for name in self.FACTS}
        for name in ("title", "place", "summary"):
            facts[name] = (facts[name] or "").strip()
        return facts

    def fact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.FACTS if name != "summary"]


# --- problems raised --------------------------------------------------------------------------

def _party_value(row: Enterprise | Person) -> str:
    return f"{'enterprise' if isinstance(row, Enterprise) else 'person'}:{row.pk}"


class RaisedProblemForm(ProblemForm):
    """A problem raised at the event, with who raised it: on the event's page, one of those who
    attended; while recording the event, a line of its attendance lists."""

    party = forms.CharField(label=_("Raised by"), required=False, max_length=100,
                            help_text=_("The enterprise (credit code or name) or person "
                                        "attending who raised it."))

    field_order = ["party", "category", "kind", "title", "description"]

    def __init__(self, *args, categories, parties: list[Enterprise | Person] | None = None,
                 **kwargs) -> None:
        super().__init__(*args, categories=categories, **kwargs)
        self.parties = parties
        if parties is not None:
            self.fields["party"] = forms.ChoiceField(
                label=_("Raised by"), required=False, widget=FastSelect,
                choices=[("", "---------"), *[(_party_value(row), row.name) for row in parties]])

    def raised(self, attendees: list[Enterprise | Person]) -> RaisedProblem | None:
        problem = self.problem()
        if problem is None:
            return None
        party = self._party(attendees)
        if party is None:
            return None
        if isinstance(party, Enterprise):
            return RaisedProblem(problem, enterprise=party)
        return RaisedProblem(problem, person=party)

    def _party(self, attendees: list[Enterprise | Person]) -> Enterprise | Person | None:
        value = (self.cleaned_data.get("party") or "").strip()
        if not value and len(attendees) == 1:
            return attendees[0]
        if not value:
            self.add_error("party", _("Say which enterprise or person attending raised it."))
            return None
        for row in attendees:
            names = ({_party_value(row), row.name}
                     | ({row.credit_code, row.trade_name} if isinstance(row, Enterprise)
                        else {row.document_number}))
            if value in names or value.upper() in names:
                return row
        self.add_error("party", _("Not among the enterprises and persons attending."))
        return None


class BaseRaisedProblemFormSet(forms.BaseFormSet):
    def raised(self, attendees: list[Enterprise | Person]) -> list[RaisedProblem]:
        """The problems filled in, each with who raised it; a row naming nobody attending gets
        its error and is left out (the caller checks ``total_error_count``)."""
        return [item for item in (form.raised(attendees) for form in self.forms)
                if item is not None]


RaisedProblemFormSet = formset_factory(RaisedProblemForm, formset=BaseRaisedProblemFormSet,
                                       extra=PROBLEM_ROWS, max_num=MAX_PROBLEMS,
                                       validate_max=True)


def raised_problem_formset(data=None, *, parties: list | None = None,
                           prefix: str = "problems"):
    return RaisedProblemFormSet(data, prefix=prefix, form_kwargs={
        "categories": selectors.problem_categories(), "parties": parties})
