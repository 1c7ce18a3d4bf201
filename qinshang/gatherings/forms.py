"""The forms of the event pages. Forms read input and find what the user names (only among what
they may see); the services check the business rules (the place within the office's division,
attendees at least the persons named, outcomes only of an event already held) and the pages show
those refusals beside the field they are about.

Enterprises and persons attending are named one per line (a credit code or registered name, a
document number or name): an office's list of enterprises runs into the thousands, which no
select box lets anyone pick from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from qinshang.campaigns.forms import MAX_PROBLEMS, PROBLEM_ROWS, ProblemForm
from qinshang.campaigns.models import Campaign, Team
from qinshang.core.forms import check_date_range
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.models import Enterprise, Person
from qinshang.gatherings import selectors
from qinshang.gatherings.models import Gathering, Kind
from qinshang.gatherings.services import RaisedProblem
from qinshang.offices.models import Office
from qinshang.regions.models import Region

EVERYTHING = ("", _("All"))
MAX_LINES = 500


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


def _lines(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        if line.strip():
            seen.setdefault(" ".join(line.split()), None)
    return list(seen)


# --- the list's filters -----------------------------------------------------------------------

class GatheringFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=[EVERYTHING, *Kind.choices])
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
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
    held_on = forms.DateField(label=_("Date"), widget=DateInput(),
                              help_text=_("A planned event may be dated in the future; its "
                                          "outcomes are recorded once it has taken place."))
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=DateInput(),
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
    enterprises = forms.CharField(
        label=_("Enterprises attending"), required=False, max_length=40000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the unified social credit code, or the registered name as on "
                    "file."))
    persons = forms.CharField(
        label=_("Persons attending"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the document number, or the full name as on file."))
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
                "enterprises": "\n".join(f"{row.credit_code} {row.name}" for row in
                                         selectors.attending_enterprises(gathering)),
                "persons": "\n".join(row.name for row in
                                     selectors.attending_persons(gathering))}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "held_on", "ends_on")
        self.enterprise_rows = self._resolve(
            "enterprises", data.get("enterprises"), selectors.enterprises_named,
            _("Several enterprises have this name, give the credit code: %(lines)s."),
            _("No enterprise in your jurisdiction has this credit code or name: %(lines)s."))
        self.person_rows = self._resolve(
            "persons", data.get("persons"), self._persons_named,
            _("Several persons have this name, give the document number: %(lines)s."),
            _("No person in your jurisdiction has this document number or name: %(lines)s."))
        return data

    def _persons_named(self, user, lines: list[str]) -> dict[str, list[Person]]:
        """Persons already attending keep their place under their name alone, even when
        someone else of the same name is on file."""
        found = selectors.persons_named(user, lines)
        current = ({row.pk for row in self.gathering.persons.all()}
                   if self.gathering is not None else set())
        return {line: ([row for row in rows if row.pk in current] if len(rows) > 1
                       and any(row.pk in current for row in rows) else rows)
                for line, rows in found.items()}

    def _resolve(self, field: str, text: str | None, finder, several, missing) -> list:
        if field in self.errors:
            return []
        lines = _lines(text or "")
        if len(lines) > MAX_LINES:
            self.add_error(field, _("At most %(max)d lines.") % {"max": MAX_LINES})
            return []
        found = finder(self.user, lines) if lines else {}
        ambiguous = [line for line in lines if len(found[line]) > 1]
        unknown = [line for line in lines if not found[line]]
        if ambiguous:
            self.add_error(field, several % {"lines": "、".join(ambiguous)})
        if unknown:
            self.add_error(field, missing % {"lines": "、".join(unknown)})
        rows = {row.pk: row for line in lines for row in found[line][:1]}
        return list(rows.values())

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
