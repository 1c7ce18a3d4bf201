"""The division and day of the liaison compliance page, and the office and quarter of the
quarterly compliance table. A bad value is reported beside its field and the default used in its
place, so the pages always show figures, and only of what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from qinshang.access import visible
from qinshang.core.forms import DayField, crumbs_above
from qinshang.core.widgets import DateInput, FastSelect
from qinshang.figures.appeals import reach_root_code
from qinshang.figures.filters import division_label
from qinshang.figures.liaison import quarter_bounds, quarter_of
from qinshang.liaison import selectors
from qinshang.offices.models import Office
from qinshang.regions.models import Region


@dataclass(frozen=True)
class ComplianceQuery:
    region: Region | None  # None: everything the user sees (more than one province)
    on: datetime.date


class ComplianceForm(forms.Form):
    region = forms.ChoiceField(label=_("Division"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown division: choose one in your jurisdiction.")})
    on = DayField(label=_("On"), required=False, widget=DateInput(),
                         help_text=_("Where each plan stood at the end of this day."))

    def __init__(self, data=None, *, user, today: datetime.date) -> None:
        self.regions = {region.code: region for region in
                        visible(user, Region, Region.objects.current())
                        .select_related("parent").order_by("code")}
        root = self.regions.get(reach_root_code(user) or "")
        self.defaults = {"region": root, "on": today}
        if data is not None:
            data = data.copy()
            if not data.get("on"):
                data["on"] = today.isoformat()
        super().__init__(data, initial={"region": root.code if root else "", "on": today})
        choices = [(code, division_label(region)) for code, region in self.regions.items()]
        if root is None:
            choices.insert(0, ("", _("All in my jurisdiction")))
        self.fields["region"].choices = choices

    def query(self) -> ComplianceQuery:
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        region = self.regions.get(data.get("region") or "") or self.defaults["region"]
        return ComplianceQuery(region=region, on=data.get("on") or self.defaults["on"])

    def crumbs(self, region: Region | None) -> list[Region]:
        """The divisions above ``region`` that the user may open, top first."""
        return crumbs_above(self.regions, region)


@dataclass(frozen=True)
class QuarterQuery:
    office: Office
    year: int
    quarter: int


class QuarterForm(forms.Form):
    office = forms.ChoiceField(label=_("Office"), required=False, widget=FastSelect,
                               error_messages={"invalid_choice": _(
                                   "Unknown office: choose one in your jurisdiction.")})
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000,
                              max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, coerce=int,
                                     widget=FastSelect,
                                     choices=[(1, _("Q1")), (2, _("Q2")), (3, _("Q3")),
                                              (4, _("Q4"))])

    def __init__(self, data=None, *, user, today: datetime.date) -> None:
        self.today = today
        self.offices = {str(office.pk): office for office in selectors.offices_in_reach(user)}
        own = selectors.own_office(user)
        if own is None or str(own.pk) not in self.offices:
            own = next(iter(self.offices.values()), None)
        year, quarter = quarter_of(today)
        self.defaults = {"office": own, "year": year, "quarter": quarter}
        initial = {"office": str(own.pk) if own else "", "year": year, "quarter": quarter}
        if data is not None:
            data = data.copy()
            for name, value in initial.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, initial=initial)
        self.fields["office"].choices = [(pk, office.name) for pk, office in self.offices.items()]

    def clean(self) -> dict:
        data = super().clean()
        year, quarter = data.get("year"), data.get("quarter")
        if year and quarter and quarter_bounds(year, quarter)[0] > self.today:
            self.add_error("quarter", _("This quarter has not begun yet."))
            data.pop("year", None)
            data.pop("quarter", None)
        return data

    def query(self) -> QuarterQuery | None:
        """None: the user sees no office at all."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        office = self.offices.get(data.get("office") or "") or self.defaults["office"]
        if office is None:
            return None
        if data.get("year") and data.get("quarter"):
            return QuarterQuery(office, data["year"], data["quarter"])
        return QuarterQuery(office, self.defaults["year"], self.defaults["quarter"])
