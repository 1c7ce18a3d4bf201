"""The forms of the project pages. They check input (a date in the future, an amount that is not
a number or not above zero); the services check the business rules again and own the writes.

``ProjectForm(..., with_signing_event=False)`` is the form of a project signed at a known event
(the gatherings app's "projects signed at this event"): the event is then the page's, not a
field."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinshang.core.forms import AmountField, DayField, check_date_range
from qinshang.core.widgets import FastSelect
from qinshang.enterprises.forms import RegionChoiceField
from qinshang.enterprises.models import INDUSTRY_DIVISION_CHOICES, Enterprise, Origin
from qinshang.gatherings.models import Gathering
from qinshang.projects import selectors
from qinshang.projects.models import Project, StageKind
from qinshang.projects.services import RECORDED_KINDS
from qinshang.regions.models import Region
from qinshang.search.selectors import PickScope
from qinshang.search.widgets import EnterprisePicker

EVERYTHING = ("", _("All"))
FUTURE_DATE = _("The date cannot be in the future.")


class MoneyField(AmountField):
    """Yuan with two decimals."""

    default_error_messages = {"invalid": _(
        "Enter the amount in yuan as a number, e.g. 1,250,000.00.")}


class EventChoiceField(forms.ModelChoiceField):
    widget = FastSelect
    default_error_messages = {"invalid_choice": _("Choose a trade fair, forum or delegation of "
                                                  "the list.")}

    def label_from_instance(self, event: Gathering) -> str:
        return f"{event.held_on:%Y-%m-%d} {event.title}"


class EnterpriseChoiceField(forms.ModelChoiceField):
    """An enterprise the user may file a project under, picked from the one search."""

    widget = EnterprisePicker(scope=PickScope(write=True))
    default_error_messages = {"invalid_choice": _(
        "Choose an enterprise of the list: those in your jurisdiction.")}

    def label_from_instance(self, enterprise: Enterprise) -> str:
        return enterprise.name


def _not_in_future(day: datetime.date | None) -> datetime.date | None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(FUTURE_DATE, code="future")
    return day


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Project"), max_length=200)
    investor = forms.CharField(label=_("Investor"), max_length=200,
                               help_text=_("The Taiwan, Hong Kong or Macao parent that "
                                           "invests."))
    investor_origin = forms.ChoiceField(label=_("Investor's origin"), choices=Origin.choices,
                                        initial=Origin.TAIWAN, widget=FastSelect)
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               to_field_name="code")
    industry = forms.ChoiceField(label=_("Industry"), choices=INDUSTRY_DIVISION_CHOICES,
                                 widget=FastSelect)
    contracted_investment = MoneyField(label=_("Contracted investment (yuan)"))
    signed_on = DayField(label=_("Signed on"))
    signing_event = EventChoiceField(label=_("Signed at"), queryset=Gathering.objects.none(),
                                     required=False, empty_label=_("Not at an event"))
    enterprise = EnterpriseChoiceField(label=_("Local enterprise"),
                                       queryset=Enterprise.objects.none(), required=False,
                                       help_text=_("Once the project's enterprise is "
                                                   "registered."))
    notes = forms.CharField(label=_("Notes"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, user, project: Project | None = None,
                 with_signing_event: bool = True, **kwargs) -> None:
        if project is not None:
            kwargs.setdefault("initial", {
                "name": project.name, "investor": project.investor,
                "investor_origin": project.investor_origin, "region": project.region_id,
                "industry": project.industry,
                "contracted_investment": project.contracted_investment,
                "signed_on": project.signed_on, "signing_event": project.signing_event_id,
                "enterprise": project.enterprise_id, "notes": project.notes,
                "version": project.version})
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_in_reach(user, write=True)
        self.fields["enterprise"].queryset = selectors.enterprises_to_pick(user)
        if with_signing_event:
            self.fields["signing_event"].queryset = selectors.signing_events_to_pick(user)
        else:
            del self.fields["signing_event"]
        if project is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_investor(self) -> str:
        return self.cleaned_data["investor"].strip()

    def clean_signed_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["signed_on"])

    def clean_contracted_investment(self) -> Decimal:
        amount = self.cleaned_data["contracted_investment"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("The amount must be more than zero."))
        return amount

    def project_data(self) -> dict[str, Any]:
        """The model fields for project_create / project_update (the event is passed apart
        to project_create, within the data to project_update)."""
        data = self.cleaned_data
        names = ("name", "investor", "investor_origin", "region", "industry",
                 "contracted_investment", "signed_on", "enterprise", "notes")
        values = {name: data[name] for name in names}
        values["notes"] = values["notes"].strip()
        return values


class StageForm(forms.Form):
    """One step of the project: its kind, date, amount (funds only) and a note."""

    kind = forms.ChoiceField(label=_("Stage"), widget=FastSelect,
                             choices=[(kind.value, kind.label) for kind in RECORDED_KINDS])
    happened_on = DayField(label=_("Date"))
    amount = MoneyField(label=_("Amount (yuan)"), required=False,
                        help_text=_("For an arrival of funds: the part that arrived that "
                                    "day."))
    enterprise = EnterpriseChoiceField(label=_("Local enterprise"),
                                       queryset=Enterprise.objects.none(), required=False,
                                       help_text=_("With “enterprise registered”: the "
                                                   "enterprise, once on file."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        kwargs.setdefault("initial", {"kind": StageKind.FUNDS,
                                      "happened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = selectors.enterprises_to_pick(user)

    def clean_happened_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["happened_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        amount = data.get("amount")
        if data.get("kind") == StageKind.FUNDS and "amount" not in self.errors:
            if amount is None:
                self.add_error("amount", _("Give the amount of funds that arrived."))
            elif amount <= 0:
                self.add_error("amount", _("The amount must be more than zero."))
        elif amount is not None and data.get("kind"):
            self.add_error("amount", _("Only an arrival of funds has an amount."))
        return data

    def stage_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"kind": data["kind"], "happened_on": data["happened_on"],
                "amount": data["amount"], "note": data["note"].strip(),
                "enterprise": data["enterprise"]}


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Project or investor"), required=False, max_length=100)
    region = RegionChoiceField(label=_("Division"), queryset=Region.objects.none(),
                               required=False, to_field_name="code", empty_label=_("All"))
    signing_event = EventChoiceField(label=_("Signed at"), queryset=Gathering.objects.none(),
                                     required=False, empty_label=_("All"))
    stage = forms.ChoiceField(label=_("Stage"), required=False, widget=FastSelect,
                              choices=[EVERYTHING, *selectors.StageFilter.choices])
    signed_from = DayField(label=_("Signed from"), required=False)
    signed_to = DayField(label=_("Signed to"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = selectors.divisions_in_reach(user)
        self.fields["signing_event"].queryset = selectors.signing_events_to_pick(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_date_range(self, data, "signed_from", "signed_to")
        return data

    def criteria(self) -> selectors.ProjectFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.ProjectFilter(
            region=data.get("region"), signing_event=data.get("signing_event"),
            stage=data.get("stage", ""), signed_from=data.get("signed_from"),
            signed_to=data.get("signed_to") if "signed_to" not in self.errors else None,
            search=data.get("q", ""))
